using GitOps.Engine.Drift;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Tests.Support;

/// <summary>The app in standalone mode, in process (TestServer instead of Kestrel), on a real Azurite, with test bodies.</summary>
internal sealed class StandaloneHost(WebApplication app) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public static async Task<StandaloneHost> StartAsync(
        string connectionString,
        IJobStore jobs,
        ISyncJobHandler handler,
        IDriftSweeper? sweeper = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            [StorageOptions.SettingName] = connectionString,
            ["GitOps:Runtime:HostJsonPath"] = Path.Combine(ToolPaths.RepositoryRoot, "host.json"),
            ["GitOps:Runtime:MessageLease"] = "00:00:02",
            ["GitOps:Runtime:TimerLease"] = "00:00:05",
            ["GitOps:DriftSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var builder = GitOpsApplication.CreateBuilder(ServeMode.Standalone, all);
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(jobs);
        builder.Services.AddSingleton(handler);
        builder.Services.AddSingleton(sweeper ?? new RecordingDriftSweeper());
        configure?.Invoke(builder.Services);
        var app = GitOpsApplication.Build(builder);
        StartupValidation.ValidateAll(app.Services);
        await app.StartAsync();
        return new StandaloneHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
