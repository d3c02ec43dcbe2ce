using GitOps.Cli.Serve;
using GitOps.Functions.Hosting;
using GitOps.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Cli.Tests.Serve;

/// <summary>`gitops serve`'s composition in process — Kestrel on a free port and the WebJobs queue and timer listeners — on a real Azurite, with a test's doubles.</summary>
internal sealed class ServeTestHost(WebApplication app) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    /// <summary>The Kestrel base address (…/).</summary>
    public Uri BaseUrl => ServeHost.ListeningAddress(app);

    /// <summary>Starts a host; <paramref name="hostId"/> is shared by hosts that act as instances of one app.</summary>
    public static async Task<ServeTestHost> StartAsync(
        string connectionString, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null, string hostId = "serve-tests")
    {
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["GitOps:Serve:Port"] = "0",
            ["GitOps:Serve:HostId"] = hostId,
            ["GitOps:Serve:HostJsonPath"] = Path.Combine(ToolPaths.RepositoryRoot, "host.json"),
            ["GitOps:DriftSchedule"] = "0 0 0 1 1 *",
            ["GitOps:Api:AllowAnonymous"] = "true",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var builder = ServeHost.CreateBuilder(all);
        builder.Logging.ClearProviders();
        configure?.Invoke(builder.Services);
        var app = ServeHost.Build(builder);
        StartupValidation.ValidateAll(app.Services);
        await app.StartAsync();
        return new ServeTestHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
