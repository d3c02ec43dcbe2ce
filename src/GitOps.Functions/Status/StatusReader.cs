using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;
using Azure;

namespace GitOps.Functions.Status;

/// <summary>Reads app status, drift and jobs from storage into the views the CLI and the status API show.</summary>
public sealed class StatusReader(IAppStatusStore statuses, IDriftStore drift, IJobStore jobs, SyncQueues queues)
{
    /// <summary>How many recent job records the overview reads.</summary>
    public const int RecentJobs = 50;

    // Drift reads in flight at once when listing apps.
    private const int DriftReads = 16;

    /// <summary>Every app that synced or was swept, sorted by name.</summary>
    public async Task<IReadOnlyList<AppStatusView>> ListAppsAsync(CancellationToken cancellationToken = default)
    {
        var all = (await statuses.ListAsync(cancellationToken)).OrderBy(s => s.App, StringComparer.Ordinal).ToList();
        var views = new AppStatusView[all.Count];

        // One point read per app: run them side by side, so 1,000 apps cost a few round trips of wall time, not 1,000.
        await Parallel.ForAsync(0, all.Count, new ParallelOptions { MaxDegreeOfParallelism = DriftReads, CancellationToken = cancellationToken }, async (i, ct) =>
            views[i] = await ViewAsync(all[i], ct));
        return views;
    }

    /// <summary>One app's view with its last sync's changes object by object, or null when the app has no status row.</summary>
    public async Task<AppStatusView?> GetAppAsync(string app, CancellationToken cancellationToken = default)
    {
        var status = await statuses.GetAsync(app, cancellationToken);
        return status is null ? null : await ViewAsync(status, cancellationToken) with { Changes = status.Changes ?? [] };
    }

    /// <summary>One job's record, or null.</summary>
    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => jobs.GetAsync(jobId, cancellationToken);

    /// <summary>The queue, recent records by state, and the poison queue.</summary>
    public async Task<JobsOverview> GetJobsAsync(int recent = RecentJobs, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<JobRecord> records;
        try
        {
            records = await jobs.ListRecentAsync(recent, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "TableNotFound")
        {
            records = [];
        }

        var poisoned = new List<PoisonedJobView>();
        foreach (var view in await queues.ListPoisonedAsync(cancellationToken))
        {
            // Messages the runtime poisoned after maxDequeueCount carry no reason; the job record has it.
            var record = view.JobId is null || view.Reason.Length > 0 ? null : await jobs.GetAsync(view.JobId, cancellationToken);
            poisoned.Add(record?.Error is { } error ? view with { Reason = error } : view);
        }

        var poisonedIds = poisoned.Select(p => p.JobId).OfType<string>().ToHashSet(StringComparer.Ordinal);

        // A record the sync marked Poisoned whose message is gone (retried or expired) is still worth showing.
        var poisonedRecords = records
            .Where(r => r.State == JobState.Poisoned && !poisonedIds.Contains(r.JobId))
            .Select(r => new PoisonedJobView("", r.JobId, r.App, r.Error ?? "poisoned", r.FinishedAt ?? r.QueuedAt, r.Attempts));
        return new JobsOverview
        {
            QueuedApproximate = await queues.ApproximateQueuedAsync(cancellationToken),
            Queued = await queues.PeekQueuedAsync(cancellationToken),
            Running = [.. records.Where(r => r.State is JobState.Running or JobState.Progressing)],
            Retrying = [.. records.Where(r => r.State == JobState.Retrying)],
            Succeeded = [.. records.Where(r => r.State == JobState.Succeeded)],
            Superseded = [.. records.Where(r => r.State == JobState.Superseded)],
            Failed = [.. records.Where(r => r.State == JobState.Failed)],
            Poisoned = [.. poisoned, .. poisonedRecords],
        };
    }

    private async Task<AppStatusView> ViewAsync(AppStatus status, CancellationToken cancellationToken)
    {
        var report = await drift.GetLatestAsync(status.App, cancellationToken);

        // The sweep's drift is healed once the heal job it queued succeeded (one read, only for drifted apps): the report,
        // kept as the sweep wrote it, still lists what was found.
        var healed = report is { State: DriftState.Drifted, JobId: { } heal } && (await jobs.GetAsync(heal, cancellationToken))?.State == JobState.Succeeded;
        return ToView(status, report, healed);
    }

    private static AppStatusView ToView(AppStatus status, AppDriftReport? report, bool healed) => new()
    {
        App = status.App,
        Source = status.Source,
        Cluster = status.Cluster ?? report?.Cluster,
        Commit = status.LastSyncedCommit,
        SyncResult = status.LastSyncAt is null ? null : status.Result.ToString(),
        Health = status.LastSyncAt is null ? null : status.Health,
        SyncSummary = status.Summary,
        LastSyncAt = status.LastSyncAt,
        SyncDuration = status.LastSyncAt is null ? null : status.Duration,
        DriftState = healed ? "Healed" : report?.State.ToString(),
        DriftSummary = report?.Summary,
        DriftFindings = [.. report?.Findings.Select(f => f.ToString()) ?? []],
        LastSweepAt = report?.SweptAt,
        JobId = status.JobId,
        Errors = status.Errors,
    };
}
