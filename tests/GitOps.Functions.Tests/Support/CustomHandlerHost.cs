using GitOps.Testing.Webhooks;
using GitOps.Engine.Drift;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Tests.Support;

/// <summary>The app in custom-handler mode on an in-process TestServer, with test bodies.</summary>
internal sealed class CustomHandlerHost(WebApplication app, InMemoryJobStore jobs, DelegateSyncJobHandler handler, RecordingDriftSweeper sweeper) : IAsyncDisposable
{
    public HttpClient Client { get; } = app.GetTestClient();

    public InMemoryJobStore Jobs => jobs;

    public DelegateSyncJobHandler Handler => handler;

    public RecordingDriftSweeper Sweeper => sweeper;

    public static async Task<CustomHandlerHost> StartAsync(Func<SyncJob, JobDelivery, CancellationToken, Task>? body = null)
    {
        var jobs = new InMemoryJobStore();
        var handler = new DelegateSyncJobHandler(body);
        var sweeper = new RecordingDriftSweeper();
        var builder = GitOpsApplication.CreateBuilder(ServeMode.CustomHandler, new Dictionary<string, string?>
        {
            [StorageOptions.SettingName] = "UseDevelopmentStorage=true",
            ["GitOps:Runtime:HostJsonPath"] = Path.Combine(ToolPaths.RepositoryRoot, "host.json"),
        });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<IJobStore>(jobs);
        builder.Services.AddSingleton<ISyncJobHandler>(handler);
        builder.Services.AddSingleton<IDriftSweeper>(sweeper);
        builder.Services.AddSingleton<IHttpFunction, EchoFunction>();
        var app = GitOpsApplication.Build(builder);
        await app.StartAsync();
        return new CustomHandlerHost(app, jobs, handler, sweeper);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
