using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Status;
using GitOps.Engine.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Sync;

/// <summary>
/// The outer shell of a sync: takes the app's lease, runs the pipeline, records the app status and the commit status,
/// and answers what the job's record should say (the runner writes it). Transient failures are rethrown (the queue
/// retries, then poisons); permanent ones end the job Failed.
/// </summary>
/// <remarks>
/// At most one job per app is active: every pass writes the app status with its job id, and a resumed pass that finds
/// another job's id there ends Superseded instead of waiting on (a newer head, or a newer request, took over).
/// </remarks>
public sealed partial class SyncJobHandler(
    SyncPipeline pipeline,
    IAppLease lease,
    IJobQueue queue,
    IAppStatusStore statuses,
    ICommitStatusNotifier notifier,
    IOptions<GitOpsOptions> gitOps,
    IOptions<SyncPipelineOptions> syncOptions,
    TimeProvider time,
    ILogger<SyncJobHandler> logger) : ISyncJobHandler
{
    private readonly SyncPipelineOptions _options = syncOptions.Value;

    public async Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        var started = time.GetUtcNow();
        var resume = job.Reason == SyncReason.Resume ? ResumeState.TryParse(job.Resume) : null;

        await using var held = await lease.TryAcquireAsync(job.App, _options.LeaseDuration, cancellationToken);
        if (held is null)
        {
            // Another instance is syncing this app: try again shortly instead of failing (the other sync may already cover this job).
            await queue.EnqueueAsync(job, _options.LeaseBusyDelay, cancellationToken);
            LogLeaseBusy(logger, job.App, job.JobId);
            const string waiting = "waiting: another sync of this app is running";
            return resume is null
                ? new JobResult { State = JobState.Queued, Summary = waiting }
                : new JobResult { State = JobState.Progressing, Commit = resume.Commit, Summary = SoFar(resume, $"{HealthStatus.Progressing}; {waiting}"), StartedAt = resume.StartedAt, Reason = resume.Reason };
        }

        if (job.Reason == SyncReason.Resume && await SupersededAsync(job, resume, cancellationToken) is { } superseded)
        {
            return superseded;
        }

        if (await statuses.GetAsync(job.App, cancellationToken) is { } owner && !string.Equals(owner.Source, job.Source, StringComparison.OrdinalIgnoreCase))
        {
            // App names are unique only within a source: the other source's app keeps its status row, lease and objects.
            var taken = $"app '{job.App}' already belongs to source '{owner.Source}'; app names must be unique across sources: rename the app in source '{job.Source}'";
            LogTerminal(logger, job.App, job.JobId, taken);
            return Failed(null, resume, "rejected: app name taken", taken);
        }

        gitOps.Value.Sources.TryGetValue(job.Source, out var source);
        string? commit = null;

        // The app's live state is read while the head is resolved, fetched and rendered.
        using var readAhead = pipeline.StartReadAhead(job, cancellationToken);
        try
        {
            commit = await pipeline.ResolveHeadAsync(job, cancellationToken);
            if (source is not null && resume?.Commit != commit)
            {
                await notifier.NotifyAsync(job.Source, source, commit, job.App, CommitState.Pending, "Sync started", cancellationToken);
            }

            var outcome = await pipeline.RunAsync(job, commit, resume, readAhead, cancellationToken);
            return await RecordOutcomeAsync(job, resume, outcome, source, started, cancellationToken);
        }
        catch (SyncStepException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogStepFailed(logger, job.App, job.JobId, ex.Step.ToString(), ex.Message, ex.Retryable);
            if (ex.Retryable && !delivery.IsLastAttempt)
            {
                throw;
            }

            await RecordFailureAsync(job, source, commit, ex.Message, ex.Retryable ? CommitState.Error : CommitState.Failure, started, cancellationToken);
            if (ex.Retryable)
            {
                throw;
            }

            return Failed(commit, resume, $"{ex.Step} failed", ex.Message);
        }
        catch (TerminalJobException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogTerminal(logger, job.App, job.JobId, ex.Message);
            await RecordFailureAsync(job, source, commit, ex.Message, CommitState.Failure, started, cancellationToken);
            return Failed(commit, resume, "failed, not retried", ex.Message);
        }
    }

    private static JobResult Failed(string? commit, ResumeState? resume, string what, string error) =>
        new() { State = JobState.Failed, Commit = commit, Summary = SoFar(resume, what), Error = error, StartedAt = resume?.StartedAt, Reason = resume?.Reason };

    // What earlier passes of a resumed job did, then what this one adds.
    private static string SoFar(ResumeState? resume, string then) => resume?.Changes is { } changes ? $"{changes}; {then}" : then;

    // A resumed pass whose app has since been synced by another job stops: that job carries on.
    private async Task<JobResult?> SupersededAsync(SyncJob job, ResumeState? resume, CancellationToken cancellationToken)
    {
        var status = await statuses.GetAsync(job.App, cancellationToken);
        if (status?.JobId is not { } latest || latest == job.JobId)
        {
            return null;
        }

        var by = status.LastSyncedCommit is { } c ? $"job {latest} (commit {c[..Math.Min(7, c.Length)]})" : $"job {latest}";
        LogSuperseded(logger, job.App, job.JobId, latest);
        return new JobResult
        {
            State = JobState.Superseded, Commit = resume?.Commit, Summary = SoFar(resume, $"superseded by {by} while waiting for health"),
            StartedAt = resume?.StartedAt, Reason = resume?.Reason,
        };
    }

    // The app status and the commit status name a failure that ends the job (or its last attempt).
    private async Task RecordFailureAsync(SyncJob job, SourceOptions? source, string? commit, string error, CommitState state, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var previous = await statuses.GetAsync(job.App, cancellationToken);
        await statuses.UpsertAsync(new AppStatus
        {
            App = job.App, Source = job.Source, Cluster = previous?.Cluster, LastSyncedCommit = previous?.LastSyncedCommit,
            Result = SyncResult.Failed, Health = previous?.Health ?? nameof(HealthStatus.Unknown),
            Duration = time.GetUtcNow() - started, LastSyncAt = time.GetUtcNow(), Summary = error,
            Errors = [AppStatusErrors.Truncate(error)], JobId = job.JobId,
            Changes = job.Reason == SyncReason.Resume ? null : [], // no object-level outcome; a resumed job keeps its first pass's list
        }, cancellationToken);
        if (source is not null && commit is not null)
        {
            await notifier.NotifyAsync(job.Source, source, commit, job.App, state, error, cancellationToken);
        }
    }

    private async Task<JobResult> RecordOutcomeAsync(SyncJob job, ResumeState? resume, SyncOutcome outcome, SourceOptions? source, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var summary = outcome.Summary();
        var counts = outcome.Counts;
        LogSynced(logger, job.App, outcome.Commit, outcome.Result.ToString(), summary);
        foreach (var entry in outcome.Changes.Entries.Where(e => e.Action is not ChangeAction.Unchanged))
        {
            LogChange(logger, job.App, entry.ToString());
        }

        await statuses.UpsertAsync(new AppStatus
        {
            App = job.App, Source = job.Source, Cluster = outcome.Cluster, LastSyncedCommit = outcome.Commit, Result = outcome.Result,
            Health = outcome.Health.ToString(), Created = counts.Created, Configured = counts.Configured,
            Pruned = counts.Pruned, Unchanged = counts.Unchanged, Failed = counts.Failed,
            Duration = time.GetUtcNow() - (resume?.StartedAt ?? started), LastSyncAt = time.GetUtcNow(), Summary = summary,
            Errors = AppStatusErrors.From(outcome.Changes, outcome.Result == SyncResult.Failed && outcome.PruneNote is not null && !outcome.Changes.HasFailures ? outcome.PruneNote : null),
            Changes = resume is null ? ObjectChange.From(outcome.Changes) : null,
            JobId = job.JobId,
        }, cancellationToken);

        if (outcome.Resume is not null)
        {
            await queue.EnqueueAsync(job with { Reason = SyncReason.Resume, Resume = outcome.Resume.Serialize(), Objects = null }, _options.ResumeDelay, cancellationToken);
            return new JobResult { State = JobState.Progressing, Commit = outcome.Commit, Summary = summary, StartedAt = resume?.StartedAt, Reason = resume?.Reason };
        }

        var succeeded = outcome.Result == SyncResult.Succeeded;
        if (source is not null)
        {
            await notifier.NotifyAsync(job.Source, source, outcome.Commit, job.App, succeeded ? CommitState.Success : CommitState.Failure, summary, cancellationToken);
        }

        return new JobResult
        {
            State = succeeded ? JobState.Succeeded : JobState.Failed, Commit = outcome.Commit, Summary = summary, StartedAt = resume?.StartedAt, Reason = resume?.Reason,
            Error = succeeded ? null : AppStatusErrors.From(outcome.Changes, outcome.PruneNote).FirstOrDefault() ?? summary,
        };
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "App {App}: lease held by another sync; job {JobId} re-enqueued")]
    private static partial void LogLeaseBusy(ILogger logger, string app, string jobId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "App {App}: job {JobId} failed in step {Step} (retryable: {Retryable}): {Error}")]
    private static partial void LogStepFailed(ILogger logger, string app, string jobId, string step, string error, bool retryable);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "App {App} synced to {Commit}: {Result}; {Summary}")]
    private static partial void LogSynced(ILogger logger, string app, string commit, string result, string summary);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "App {App}: {Change}")]
    private static partial void LogChange(ILogger logger, string app, string change);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "App {App}: job {JobId} superseded by job {Latest}")]
    private static partial void LogSuperseded(ILogger logger, string app, string jobId, string latest);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "App {App}: job {JobId} failed for good: {Error}")]
    private static partial void LogTerminal(ILogger logger, string app, string jobId, string error);
}
