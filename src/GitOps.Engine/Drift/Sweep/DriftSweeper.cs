using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Inventory;
using GitOps.Engine.Jobs;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Sync;
using GitOps.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>The timer's body: for every source, one ls-remote; for every app, compare live with the last synced commit, record, and heal or report.</summary>
public sealed partial class DriftSweeper(
    IOptions<GitOpsOptions> gitOps,
    IOptions<DriftSweepOptions> driftOptions,
    IOptions<SyncPipelineOptions> syncOptions,
    ISourceFetcher fetcher,
    IAppCatalog catalog,
    IAppRenderer renderer,
    IKubernetesClientFactory clients,
    IJobQueue queue,
    IJobStore jobs,
    IDriftStore store,
    DesiredStateCache cache,
    TimeProvider time,
    ILogger<DriftSweeper> logger) : IDriftSweeper
{
    private readonly DriftSweepOptions options = driftOptions.Value;

    /// <inheritdoc />
    public async Task SweepAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        await SweepAllAsync(cancellationToken);
    }

    /// <summary>Sweeps every app of every source once and returns the reports.</summary>
    public async Task<IReadOnlyList<AppDriftReport>> SweepAllAsync(CancellationToken cancellationToken)
    {
        var reports = new List<AppDriftReport>();
        foreach (var source in gitOps.Value.Sources.Keys.Order(StringComparer.Ordinal))
        {
            reports.AddRange(await SweepSourceAsync(source, cancellationToken));
        }

        return reports;
    }

    /// <summary>Sweeps the apps of one source: one ls-remote, then the apps with bounded concurrency.</summary>
    public async Task<IReadOnlyList<AppDriftReport>> SweepSourceAsync(string source, CancellationToken cancellationToken)
    {
        string head;
        IReadOnlyList<AppDefinition> apps;
        try
        {
            head = await fetcher.ResolveHeadAsync(source, cancellationToken);
            // Invalid apps are not swept: their syncs report why they cannot run.
            apps = (await catalog.GetAppsAsync(source, head, cancellationToken)).Apps;
        }
        catch (Exception ex) when (ex is SourceException or AppDefinitionException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            LogSourceFailed(logger, source, ex.Message);
            DriftMetrics.SweepFailures.Add(1, new KeyValuePair<string, object?>("source", source));
            return [];
        }

        var reports = new AppDriftReport[apps.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, apps.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            reports[i] = await SweepAppAsync(apps[i], head, ct);
        });
        return reports;
    }

    /// <summary>Sweeps one app of one source now (`gitops sweep app`); null when the source's head declares no such app.</summary>
    public async Task<AppDriftReport?> SweepOneAsync(string source, string app, CancellationToken cancellationToken)
    {
        var head = await fetcher.ResolveHeadAsync(source, cancellationToken);
        var definition = (await catalog.GetAppsAsync(source, head, cancellationToken)).Find(app);
        return definition is null ? null : await SweepAppAsync(definition, head, cancellationToken);
    }

    private async Task<AppDriftReport> SweepAppAsync(AppDefinition app, string head, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var previous = await store.GetLatestAsync(app.Name, cancellationToken);
        AppDriftReport report;
        try
        {
            if (await DetectAndActAsync(app, head, previous, now, cancellationToken) is not { } detected)
            {
                // The report belongs to the other source's app of the same name: neither record nor heal.
                return new AppDriftReport { App = app.Name, Source = app.Source, Cluster = app.Cluster, State = DriftState.Error, SweptAt = now, Error = "the app's ApplySet belongs to another source" };
            }

            report = detected;
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException or TimeoutException or SourceException or RenderException or AppDefinitionException or ApplySetException
            && !cancellationToken.IsCancellationRequested)
        {
            // A failed read concludes nothing: no finding, no heal, no prune; the error is recorded.
            LogAppFailed(logger, app.Name, ex.Message);
            DriftMetrics.SweepFailures.Add(1, new KeyValuePair<string, object?>("source", app.Source));
            report = new AppDriftReport
            {
                App = app.Name, Source = app.Source, Cluster = app.Cluster, State = DriftState.Error, SweptAt = now,
                Error = ex.Message, Heals = previous?.Heals ?? new Dictionary<string, HealRecord>(),
            };
        }

        await store.RecordAsync(report, cancellationToken);
        DriftMetrics.Record(report);
        return report;
    }

    /// <summary>Compares and acts; null when the app's ApplySet belongs to another source's app of the same name.</summary>
    private async Task<AppDriftReport?> DetectAndActAsync(AppDefinition app, string head, AppDriftReport? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = clients.GetClient(app.Cluster);
        var parentNamespace = app.Namespace ?? syncOptions.Value.DefaultParentNamespace;
        var parent = await ApplySetParentStore.ReadAsync(client, ApplySetParent.NameFor(app.Name), parentNamespace, cancellationToken);
        if (parent?.Source is { } owner && !string.Equals(owner, app.Source, StringComparison.OrdinalIgnoreCase))
        {
            LogOtherSource(logger, app.Name, app.Source, owner);
            return null;
        }

        var baseReport = new AppDriftReport
        {
            App = app.Name, Source = app.Source, Cluster = app.Cluster, State = DriftState.InSync, SweptAt = now,
            Commit = parent?.LastSyncedCommit, Heals = previous?.Heals ?? new Dictionary<string, HealRecord>(),
        };

        if (parent?.LastSyncedCommit is not { } synced || !string.Equals(synced, head, StringComparison.OrdinalIgnoreCase))
        {
            return await PollAsync(app, head, parent?.LastSyncedCommit, previous, baseReport, now, cancellationToken);
        }

        var desired = await cache.GetOrAddAsync(app.Name, synced, () => RenderAsync(app.Source, app.Name, synced, client, parent.Id, cancellationToken));
        var detection = await AppDriftDetector.DetectAsync(client, parent, desired, options.Concurrency, cancellationToken);
        LogSwept(logger, app.Name, detection.Compared, detection.Suspects, detection.Findings.Count);

        // An object left in Git's wake on purpose (its prune opt-out) is the state the user asked for, not drift.
        var kept = detection.Findings.Count(f => f is { Kind: DriftKind.Extra, PruneDisabled: true });
        detection = detection with { Findings = [.. detection.Findings.Where(f => f is not { Kind: DriftKind.Extra, PruneDisabled: true })] };
        if (detection.Findings.Count == 0)
        {
            return baseReport with
            {
                Compared = detection.Compared, Heals = HealPolicy.Decide(baseReport.Heals, [], now, options).Records,
                Action = kept > 0 ? $"{kept} object(s) no longer in Git kept by their prune opt-out" : null,
            };
        }

        return await HealOrReportAsync(desired.App, synced, detection, baseReport with { Compared = detection.Compared, State = DriftState.Drifted }, now, cancellationToken);
    }

    private async Task<AppDriftReport> PollAsync(AppDefinition app, string head, string? synced, AppDriftReport? previous, AppDriftReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A sync for this head was enqueued recently: do not pile up jobs while it runs.
        if (previous is { State: DriftState.SyncPending } && previous.Commit == head && now - previous.SweptAt < options.ConflictWindow)
        {
            return report with { State = DriftState.SyncPending, Commit = head, Action = previous.Action, JobId = previous.JobId, SweptAt = previous.SweptAt };
        }

        var job = await EnqueueAsync(app, SyncReason.Poll, head, null, cancellationToken);
        var why = synced is null ? "the app has never synced" : $"the branch head moved from {Short(synced)} to {Short(head)} without a webhook";
        LogPolled(logger, app.Name, why, job);
        return report with { State = DriftState.SyncPending, Commit = head, Action = $"{why}; sync enqueued (job {job})", JobId = job };
    }

    private async Task<AppDriftReport> HealOrReportAsync(AppDefinition app, string commit, DetectionResult detection, AppDriftReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var findings = detection.Findings;
        var heal = app.SelfHeal && app.DriftMode == DriftMode.Heal;
        if (!heal)
        {
            return report with { Findings = findings, Action = "detect-only: reported, cluster left alone" };
        }

        var drifted = findings.Where(f => f.Kind is DriftKind.Missing or DriftKind.Modified).Select(f => f.Object.Key).ToList();
        var decision = HealPolicy.Decide(report.Heals, drifted, now, options);
        var marked = findings.Select(f => decision.Conflicts.TryGetValue(f.Object.Key, out var until)
            ? f with { Kind = DriftKind.Conflict, Message = f.Message + $"; changed again right after healing, so another controller likely owns it: not healing until {until:u}" }
            : f).ToList();

        var prunable = app.Prune ? findings.Where(f => f is { Kind: DriftKind.Extra, PruneDisabled: false }).Select(f => f.Object.Key).ToList() : [];
        if (decision.Heal.Count == 0 && prunable.Count == 0)
        {
            var extras = findings.Count(f => f.Kind == DriftKind.Extra);
            string[] why =
            [
                .. decision.Conflicts.Count > 0 ? [$"{decision.Conflicts.Count} object(s) in conflict with another controller: backing off"] : Array.Empty<string>(),
                .. extras > 0 && !app.Prune ? [$"prune is off: {extras} extra object(s) left"] : Array.Empty<string>(),
            ];
            return report with { Findings = marked, Heals = decision.Records, Action = "nothing healed" + (why.Length > 0 ? $" ({string.Join("; ", why)})" : "") };
        }

        // Only the drifted objects are applied; naming the extras lets the sync's prune remove them without re-applying the rest.
        var objects = decision.Heal.Concat(prunable).ToList();
        var job = await EnqueueAsync(app, SyncReason.Drift, commit, objects, cancellationToken);
        LogHealing(logger, app.Name, decision.Heal.Count, prunable.Count, job);
        return report with
        {
            Findings = marked,
            Heals = decision.Records,
            JobId = job,
            Action = $"healing {decision.Heal.Count} object(s)" + (prunable.Count > 0 ? $", pruning {prunable.Count}" : "") + $" (job {job})",
        };
    }

    private async Task<string> EnqueueAsync(AppDefinition app, SyncReason reason, string commit, IReadOnlyList<string>? objects, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var job = new SyncJob
        {
            SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = Guid.NewGuid().ToString("N"), Source = app.Source, App = app.Name,
            Reason = reason, RequestedAt = now, CommitHint = commit, Objects = objects,
        };
        await jobs.UpsertAsync(JobRecord.QueuedFor(job), cancellationToken);
        await queue.EnqueueAsync(job, cancellationToken: cancellationToken);
        return job.JobId;
    }

    private async Task<DesiredSnapshot> RenderAsync(string source, string appName, string commit, IKubernetesClient client, string applySetId, CancellationToken cancellationToken)
    {
        using var checkout = await fetcher.CheckoutAsync(source, commit, cancellationToken);
        var apps = await catalog.GetAppsAsync(source, commit, cancellationToken);
        var app = apps.Find(appName) ?? throw new AppDefinitionException(apps.WhyNotSyncable(appName, source, commit));
        var rendered = await renderer.RenderAsync(app, checkout.Directory, cancellationToken);
        gitOps.Value.Clusters.TryGetValue(app.Cluster, out var cluster);
        var desired = await DesiredSetBuilder.BuildAsync(rendered.Objects, app, cluster, client, applySetId, syncOptions.Value.DefaultParentNamespace, new ChangeSet(), cancellationToken);
        return new DesiredSnapshot(app, desired.Objects, desired.Versions);
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "Drift sweep: source {Source} could not be resolved: {Reason}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Drift sweep: app {App} could not be swept: {Reason}")]
    private static partial void LogAppFailed(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "Drift sweep: app {App}: {Compared} compared, {Suspects} suspect(s), {Findings} finding(s)")]
    private static partial void LogSwept(ILogger logger, string app, int compared, int suspects, int findings);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "Drift sweep: app {App}: {Why}; enqueued sync job {JobId}")]
    private static partial void LogPolled(ILogger logger, string app, string why, string jobId);

    [LoggerMessage(EventId = 806, Level = LogLevel.Warning, Message = "Drift sweep: app {App} of source {Source} skipped: its ApplySet on the cluster belongs to source {Owner} (app names must be unique across sources)")]
    private static partial void LogOtherSource(ILogger logger, string app, string source, string owner);

    [LoggerMessage(EventId = 805, Level = LogLevel.Information, Message = "Drift sweep: app {App}: healing {Heal} object(s), pruning {Prune}, job {JobId}")]
    private static partial void LogHealing(ILogger logger, string app, int heal, int prune, string jobId);
}
