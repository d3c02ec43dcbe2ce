using System.Globalization;
using System.Text;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using GitOps.KubeSim;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Functions.Jobs;
using GitOps.Testing;
using GitOps.Testing.Jobs;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>
/// The sync trigger's runner and the real sync handler wired to real parts: the API simulator, a git daemon on loopback, the git fetcher,
/// the app catalog and renderer. Job and status stores are the in-memory test ports.
/// </summary>
internal sealed class SyncTestbed : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private int jobs;

    private SyncTestbed(KubeSimInstance sim, GitDaemonRepo repo, ServiceProvider provider)
    {
        Sim = sim;
        Repo = repo;
        this.provider = provider;
        Handler = provider.GetRequiredService<ISyncJobHandler>();
        Queue = provider.GetRequiredService<InMemoryJobQueue>();
        Records = provider.GetRequiredService<InMemoryJobStore>();
        Store = provider.GetRequiredService<CountingJobStore>();
        Runner = new SyncJobRunner(Handler, new JobRecorder(Store, TimeProvider.System), Store, TimeProvider.System, NullLogger<SyncJobRunner>.Instance);
        Statuses = provider.GetRequiredService<InMemoryAppStatusStore>();
    }

    public KubeSimInstance Sim { get; }
    public GitDaemonRepo Repo { get; }
    public ISyncJobHandler Handler { get; }
    public InMemoryJobQueue Queue { get; }
    public InMemoryJobStore Records { get; }

    /// <summary>The job store the runner writes to, counting its calls per job.</summary>
    public CountingJobStore Store { get; }

    /// <summary>The queue trigger's entry point over <see cref="Handler"/>, as the hosts run it.</summary>
    public SyncJobRunner Runner { get; }
    public InMemoryAppStatusStore Statuses { get; }

    /// <summary>The testbed's services (for extra components wired by <c>services</c>).</summary>
    public IServiceProvider Provider => provider;

    public static async Task<SyncTestbed> StartAsync(Action<SyncPipelineOptions>? configure = null, Action<IServiceCollection, GitOpsOptions>? services = null)
    {
        var sim = await KubeSimInstance.StartAsync();
        var repo = await GitDaemonRepo.StartAsync();
        repo.Write(".gitops/web.yaml", """
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: { name: web }
            spec:
              path: apps/web
              cluster: sim
              namespace: web
            """);
        var gitOps = new GitOpsOptions();
        gitOps.Sources["platform"] = new SourceOptions { Url = repo.Url, Branch = "main" };
        gitOps.Clusters["sim"] = new ClusterOptions { Auth = AuthModes.Kubeconfig, Kubeconfig = sim.KubeconfigPath, Qps = 5000, Burst = 5000 };

        var collection = new ServiceCollection();
        collection.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        collection.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        collection.AddSingleton(Options.Create(gitOps));
        collection.AddSingleton(new GitSourceFetcher(gitOps, new GitFetcherOptions { Git = ToolPaths.Git, CacheDirectory = Path.Combine(repo.Root, "cache") }, NullLogger<GitSourceFetcher>.Instance));
        collection.AddSingleton<ISourceFetcher>(sp => sp.GetRequiredService<GitSourceFetcher>());
        collection.AddSingleton<IAppCatalog>(sp => new GitAppCatalog(sp.GetRequiredService<ISourceFetcher>(), gitOps));
        collection.AddSingleton<IAppRenderer>(new AppRenderer(new RenderOptions { Kubectl = ToolPaths.Kubectl }, gitOps));
        collection.AddSingleton<IKubernetesClientFactory>(new KubernetesClientFactory(gitOps.Clusters.ToDictionary(p => p.Key, p => (ClusterConnectionOptions)p.Value)));
        collection.AddSingleton<InMemoryJobQueue>();
        collection.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<InMemoryJobQueue>());
        collection.AddSingleton<InMemoryJobStore>();
        collection.AddSingleton(sp => new CountingJobStore(sp.GetRequiredService<InMemoryJobStore>()));
        collection.AddSingleton<IJobStore>(sp => sp.GetRequiredService<CountingJobStore>());
        collection.AddSingleton<InMemoryAppStatusStore>();
        collection.AddSingleton<IAppStatusStore>(sp => sp.GetRequiredService<InMemoryAppStatusStore>());
        collection.AddGitOpsSync(o =>
        {
            o.ResumeDelay = TimeSpan.Zero;
            o.CrdEstablishedPoll = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        services?.Invoke(collection, gitOps);
        return new SyncTestbed(sim, repo, collection.BuildServiceProvider());
    }

    /// <summary>Writes the app's namespace and <paramref name="count"/> ConfigMaps, the first with <paramref name="firstValue"/>.</summary>
    public void WriteConfigMaps(int count, string firstValue = "v")
    {
        Repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        for (var i = 0; i < count; i++)
        {
            Repo.Write($"apps/web/cm-{i:D3}.yaml", ConfigMapYaml($"cm-{i:D3}", i == 0 ? firstValue : "v"));
        }
    }

    public static string ConfigMapYaml(string name, string value) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  key: \"{value}\"\n").ToString();

    public SyncJob Job(SyncReason reason = SyncReason.Push, string? hint = null) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = $"job-{Interlocked.Increment(ref jobs)}", Source = "platform", App = "web",
        Reason = reason, RequestedAt = DateTimeOffset.UtcNow, CommitHint = hint,
    };

    /// <summary>Runs a job through the runner and every Resume job it enqueues, as the queue would (bounded).</summary>
    public async Task RunAsync(SyncJob job)
    {
        await DeliverAsync(job);
        for (var i = 0; i < 50 && Queue.Jobs.TryDequeue(out var next); i++)
        {
            if (next.Reason == SyncReason.Resume)
            {
                await DeliverAsync(next);
            }
        }
    }

    /// <summary>Delivers one message of <paramref name="job"/> to the runner, as the queue trigger would.</summary>
    public Task<MessageDisposition> DeliverAsync(SyncJob job, long attempt = 1, int maxAttempts = 5) =>
        Runner.RunAsync(SyncJobCodec.Serialize(job), new JobDelivery("m", attempt, maxAttempts), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        await Sim.DisposeAsync();
        await Repo.DisposeAsync();
    }
}

/// <summary>An in-memory app status store for tests.</summary>
internal sealed class InMemoryAppStatusStore : IAppStatusStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AppStatus> statuses = new(StringComparer.Ordinal);

    public Task UpsertAsync(AppStatus status, CancellationToken cancellationToken = default)
    {
        statuses[status.App] = status;
        return Task.CompletedTask;
    }

    public Task<AppStatus?> GetAsync(string app, CancellationToken cancellationToken = default) => Task.FromResult(statuses.GetValueOrDefault(app));

    public Task<IReadOnlyList<AppStatus>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AppStatus>>([.. statuses.Values]);
}
