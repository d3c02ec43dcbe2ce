using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Health;
using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Tests.Sync;

/// <summary>
/// Wires a real SyncJobHandler to in-memory ports: commits are lists of objects, the cluster is in memory. What each job's
/// record says is the handler's last answer for it (the runner writes exactly that).
/// </summary>
internal sealed class SyncHarness : ISourceFetcher, IAppCatalog, IAppRenderer, IJobQueue, IAppStatusStore, ICommitStatusNotifier
{
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> commits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobResult> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppStatus> statuses = new(StringComparer.Ordinal);

    public SyncHarness(AppDefinition? app = null, SyncPipelineOptions? options = null)
    {
        App = app ?? new AppDefinition { Name = "web", Source = "platform", Path = "apps/web", Cluster = "test", Namespace = "web" };
        Options = options ?? new SyncPipelineOptions { ResumeDelay = TimeSpan.FromSeconds(1), CrdEstablishedPoll = TimeSpan.Zero };
        var gitOps = new GitOpsOptions();
        gitOps.Sources["platform"] = new SourceOptions { Url = "https://example.invalid/org/repo.git" };
        var pipeline = new SyncPipeline(this, this, this, Cluster, HealthAssessor.Default, Microsoft.Extensions.Options.Options.Create(gitOps), Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<SyncPipeline>.Instance);
        Handler = new SyncJobHandler(pipeline, Lease, this, this, this, Microsoft.Extensions.Options.Options.Create(gitOps), Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<SyncJobHandler>.Instance);
    }

    public AppDefinition App { get; set; }
    public SyncPipelineOptions Options { get; }
    public InMemoryCluster Cluster { get; } = new();
    public ManualTime Time { get; } = new();
    public InMemoryAppLease Lease => lease ??= new InMemoryAppLease(Time);
    public SyncJobHandler Handler { get; }
    public string Head { get; private set; } = "";
    public List<(SyncJob Job, TimeSpan? Delay)> Enqueued { get; } = [];
    public List<(CommitState State, string Commit, string Description)> Notifications { get; } = [];
    private InMemoryAppLease? lease;
    private int jobCounter;

    /// <summary>Adds a commit with these objects and makes it the head.</summary>
    public string Push(params JsonObject[] objects)
    {
        Head = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{commits.Count}")));
        commits[Head] = objects;
        return Head;
    }

    public SyncJob Job(SyncReason reason = SyncReason.Push, string? hint = null) => new()
    {
        SchemaVersion = 1, JobId = $"job-{++jobCounter}", Source = "platform", App = App.Name, Reason = reason, RequestedAt = Time.GetUtcNow(), CommitHint = hint,
    };

    public async Task<JobResult> RunAsync(SyncJob job, long attempt = 1)
    {
        var result = await Handler.HandleAsync(job, new JobDelivery("m", attempt, 5), CancellationToken.None);
        records[job.JobId] = result;
        return result;
    }

    /// <summary>What the job's record says: the handler's last answer for it.</summary>
    public JobResult Record(string jobId) => records[jobId];

    public AppStatus Status => statuses[App.Name];

    /// <summary>How the pipeline asked for the head: "resolve" (ls-remote) or "fetch" (fetch the head).</summary>
    public List<string> HeadRequests { get; } = [];

    Task<string> ISourceFetcher.ResolveHeadAsync(string source, CancellationToken cancellationToken)
    {
        HeadRequests.Add("resolve");
        return Task.FromResult(Head);
    }

    /// <summary>The expected heads the pipeline passed with each fetch.</summary>
    public List<string?> ExpectedHeads { get; } = [];

    Task<string> ISourceFetcher.FetchHeadAsync(string source, string? expectedHead, CancellationToken cancellationToken)
    {
        HeadRequests.Add("fetch");
        ExpectedHeads.Add(expectedHead);
        return Task.FromResult(Head);
    }

    /// <summary>Runs before each checkout (the slow fetch in a real host).</summary>
    public Func<Task>? BeforeCheckout { get; set; }

    async Task<SourceCheckout> ISourceFetcher.CheckoutAsync(string source, string commit, CancellationToken cancellationToken)
    {
        if (BeforeCheckout is not null)
        {
            await BeforeCheckout();
        }

        return new SourceCheckout(source, commit, commit);
    }

    /// <summary>Apps the source declares but that are invalid.</summary>
    public List<InvalidApp> InvalidApps { get; } = [];

    /// <summary>When set, the catalog throws it.</summary>
    public Exception? CatalogFault { get; set; }

    Task<SourceApps> IAppCatalog.GetAppsAsync(string source, string? commit, CancellationToken cancellationToken) =>
        CatalogFault is not null
            ? Task.FromException<SourceApps>(CatalogFault)
            : Task.FromResult(new SourceApps(InvalidApps.Any(i => i.Name == App.Name) ? [] : [App], InvalidApps, []));

    /// <summary>When set, every render throws it.</summary>
    public RenderException? RenderFailure { get; set; }

    Task<RenderResult> IAppRenderer.RenderAsync(AppDefinition app, string checkoutDirectory, CancellationToken cancellationToken) =>
        RenderFailure is not null ? Task.FromException<RenderResult>(RenderFailure) : Task.FromResult(new RenderResult([.. commits[checkoutDirectory].Select(o => o.DeepClone().AsObject())], "test"));

    Task IJobQueue.EnqueueAsync(SyncJob job, TimeSpan? delay, CancellationToken cancellationToken)
    {
        Enqueued.Add((job, delay));
        return Task.CompletedTask;
    }

    Task IAppStatusStore.UpsertAsync(AppStatus status, CancellationToken cancellationToken)
    {
        // As the table store merges: a status without changes keeps the stored ones.
        statuses[status.App] = status.Changes is null && statuses.TryGetValue(status.App, out var stored) ? status with { Changes = stored.Changes } : status;
        return Task.CompletedTask;
    }

    Task<AppStatus?> IAppStatusStore.GetAsync(string app, CancellationToken cancellationToken) => Task.FromResult(statuses.GetValueOrDefault(app));

    Task<IReadOnlyList<AppStatus>> IAppStatusStore.ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AppStatus>>([.. statuses.Values]);

    Task ICommitStatusNotifier.NotifyAsync(string sourceName, SourceOptions source, string commit, string app, CommitState state, string description, CancellationToken cancellationToken)
    {
        Notifications.Add((state, commit, description));
        return Task.CompletedTask;
    }
}

/// <summary>A clock tests move by hand.</summary>
internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset now = DateTimeOffset.Parse("2026-11-22T10:00:00Z", global::System.Globalization.CultureInfo.InvariantCulture);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
