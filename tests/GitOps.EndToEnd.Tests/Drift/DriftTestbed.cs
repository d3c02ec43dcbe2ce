using System.Collections.Concurrent;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.EndToEnd.Tests.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.EndToEnd.Tests.Drift;

/// <summary>The sync testbed plus the real drift sweeper: sync an app, change the cluster behind its back, sweep, run the heal.</summary>
internal sealed class DriftTestbed : IAsyncDisposable
{
    private DriftTestbed(SyncTestbed sync)
    {
        Sync = sync;
        Sweeper = sync.Provider.GetRequiredService<DriftSweeper>();
        Store = sync.Provider.GetRequiredService<InMemoryDriftStore>();
    }

    public SyncTestbed Sync { get; }
    public DriftSweeper Sweeper { get; }
    public InMemoryDriftStore Store { get; }

    public static async Task<DriftTestbed> StartAsync(string appSpecExtra = "")
    {
        var sync = await SyncTestbed.StartAsync(services: (services, _) =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<InMemoryDriftStore>();
            services.AddSingleton<IDriftStore>(sp => sp.GetRequiredService<InMemoryDriftStore>());
            services.AddGitOpsDrift();
        });
        if (appSpecExtra.Length > 0)
        {
            sync.Repo.Write(".gitops/web.yaml", $$"""
                apiVersion: gitops-functions.io/v1
                kind: App
                metadata: { name: web }
                spec:
                  path: apps/web
                  cluster: sim
                  namespace: web
                  {{appSpecExtra}}
                """);
        }

        return new DriftTestbed(sync);
    }

    /// <summary>Commits the working tree and syncs it (push), draining the queue.</summary>
    public async Task<string> CommitAndSyncAsync(string message)
    {
        var commit = await Sync.Repo.CommitAsync(message);
        await Sync.RunAsync(Sync.Job());
        Sync.Queue.Jobs.Clear();
        return commit;
    }

    /// <summary>Sweeps once and returns the app's report.</summary>
    public async Task<AppDriftReport> SweepAsync()
    {
        var reports = await Sweeper.SweepAllAsync(CancellationToken.None);
        return Assert.Single(reports);
    }

    /// <summary>The jobs the sweep enqueued (and removes them from the queue).</summary>
    public List<SyncJob> TakeEnqueued()
    {
        var list = new List<SyncJob>();
        while (Sync.Queue.Jobs.TryDequeue(out var job))
        {
            list.Add(job);
        }

        return list;
    }

    public ValueTask DisposeAsync() => Sync.DisposeAsync();
}

/// <summary>An in-memory drift store for the end-to-end tests (the table store has its own Azurite tests).</summary>
internal sealed class InMemoryDriftStore : IDriftStore
{
    private readonly ConcurrentDictionary<string, AppDriftReport> latest = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AppDriftReport> history = new();

    public Task RecordAsync(AppDriftReport report, CancellationToken cancellationToken = default)
    {
        latest[report.App] = report;
        history.Enqueue(report);
        return Task.CompletedTask;
    }

    public Task<AppDriftReport?> GetLatestAsync(string app, CancellationToken cancellationToken = default) => Task.FromResult(latest.GetValueOrDefault(app));

    public Task<IReadOnlyList<AppDriftReport>> GetHistoryAsync(string app, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AppDriftReport>>([.. history.Where(r => r.App == app).Reverse().Take(max)]);
}
