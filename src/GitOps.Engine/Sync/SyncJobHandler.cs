using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Status;
using GitOps.Engine.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Sync;

/// <summary>
/// The outer shell of a sync: takes the app's lease, runs the pipeline, and always records the job and app status.
/// Transient failures are rethrown (the queue retries, then poisons); permanent ones are recorded and end the job with
/// <see cref="TerminalJobException"/> (no retry).
/// </summary>
public sealed partial class SyncJobHandler(
    SyncPipeline pipeline,
    IAppLease lease,
    IJobQueue queue,
    IJobStore jobs,
    IAppStatusStore statuses,
    ICommitStatusNotifier notifier,
    IOptions<GitOpsOptions> gitOps,
    IOptions<SyncPipelineOptions> syncOptions,
    TimeProvider time,
    ILogger<SyncJobHandler> logger) : ISyncJobHandler
{
    private readonly SyncPipelineOptions options = syncOptions.Value;

    public async Task HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        var started = time.GetUtcNow();
        var existing = await jobs.GetAsync(job.JobId, cancellationToken);
        var record = (existing ?? JobRecord.QueuedFor(job)) with { Attempts = (int)Math.Min(int.MaxValue, delivery.DequeueCount), DeliveryId = job.DeliveryId ?? existing?.DeliveryId };

        await using var held = await lease.TryAcquireAsync(job.App, options.LeaseDuration, cancellationToken);
        if (held is null)
        {
            // Another instance is syncing this app: try again shortly instead of failing (the other sync may already cover this job).
            await queue.EnqueueAsync(job, options.LeaseBusyDelay, cancellationToken);
            await jobs.UpsertAsync(record with { State = JobState.Queued, Summary = "waiting: another sync of this app is running" }, cancellationToken);
            LogLeaseBusy(logger, job.App, job.JobId);
            return;
        }

        if (await statuses.GetAsync(job.App, cancellationToken) is { } owner && !string.Equals(owner.Source, job.Source, StringComparison.OrdinalIgnoreCase))
        {
            // App names are unique only within a source: the other source's app keeps its status row, lease and objects.
            var taken = $"app '{job.App}' already belongs to source '{owner.Source}'; app names must be unique across sources: rename the app in source '{job.Source}'";
            await jobs.UpsertAsync(record with { State = JobState.Failed, Error = taken, FinishedAt = time.GetUtcNow(), Summary = "rejected: app name taken" }, cancellationToken);
            throw new TerminalJobException(taken);
        }

        record = record with { State = JobState.Running, StartedAt = record.StartedAt ?? started, Error = null };
        await jobs.UpsertAsync(record, cancellationToken);
        gitOps.Value.Sources.TryGetValue(job.Source, out var source);
        var resume = job.Reason == SyncReason.Resume ? ResumeState.TryParse(job.Resume) : null;
        string? commit = null;

        // The app's live state is read while the head is resolved, fetched and rendered.
        using var readAhead = pipeline.StartReadAhead(job, cancellationToken);
        try
        {
            commit = await pipeline.ResolveHeadAsync(job, cancellationToken);
            record = record with { Commit = commit };
            if (source is not null && resume?.Commit != commit)
            {
                await notifier.NotifyAsync(job.Source, source, commit, job.App, CommitState.Pending, "Sync started", cancellationToken);
            }

            var outcome = await pipeline.RunAsync(job, commit, resume, readAhead, cancellationToken);
            await RecordOutcomeAsync(job, record, outcome, source, started, cancellationToken);
        }
        catch (SyncStepException ex) when (!cancellationToken.IsCancellationRequested)
        {
            var final = !ex.Retryable || delivery.IsLastAttempt;
            LogStepFailed(logger, job.App, job.JobId, ex.Step.ToString(), ex.Message, ex.Retryable);
            await jobs.UpsertAsync(record with
            {
                State = final ? JobState.Failed : JobState.Running,
                Error = ex.Message,
                FinishedAt = final ? time.GetUtcNow() : null,
                Summary = final ? $"{ex.Step} failed" : $"{ex.Step} failed, will retry (attempt {delivery.DequeueCount} of {delivery.MaxDequeueCount})",
            }, cancellationToken);
            if (final)
            {
                var previous = await statuses.GetAsync(job.App, cancellationToken);
                await statuses.UpsertAsync(new AppStatus
                {
                    App = job.App, Source = job.Source, Cluster = previous?.Cluster, LastSyncedCommit = previous?.LastSyncedCommit,
                    Result = SyncResult.Failed, Health = previous?.Health ?? nameof(HealthStatus.Unknown),
                    Duration = time.GetUtcNow() - started, LastSyncAt = time.GetUtcNow(), Summary = ex.Message,
                    Errors = [AppStatusErrors.Truncate(ex.Message)], JobId = job.JobId,
                }, cancellationToken);
                if (source is not null && commit is not null)
                {
                    await notifier.NotifyAsync(job.Source, source, commit, job.App, ex.Retryable ? CommitState.Error : CommitState.Failure, ex.Message, cancellationToken);
                }
            }

            if (ex.Retryable)
            {
                throw;
            }

            // Recorded above; no retry can fix it (an invalid definition, a render error): the job ends Failed.
            throw new TerminalJobException(ex.Message, ex);
        }
    }

    private async Task RecordOutcomeAsync(SyncJob job, JobRecord record, SyncOutcome outcome, SourceOptions? source, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var summary = outcome.Summary();
        var changes = outcome.Changes;
        LogSynced(logger, job.App, outcome.Commit, outcome.Result.ToString(), summary);
        foreach (var entry in changes.Entries.Where(e => e.Action is not ChangeAction.Unchanged))
        {
            LogChange(logger, job.App, entry.ToString());
        }

        await statuses.UpsertAsync(new AppStatus
        {
            App = job.App, Source = job.Source, Cluster = outcome.Cluster, LastSyncedCommit = outcome.Commit, Result = outcome.Result,
            Health = outcome.Health.ToString(), Created = changes.Count(ChangeAction.Created), Configured = changes.Count(ChangeAction.Configured),
            Pruned = changes.Count(ChangeAction.Pruned), Unchanged = changes.Count(ChangeAction.Unchanged), Failed = changes.Count(ChangeAction.Failed),
            Duration = time.GetUtcNow() - (outcome.Resume?.StartedAt ?? started), LastSyncAt = time.GetUtcNow(), Summary = summary,
            Errors = AppStatusErrors.From(changes, outcome.Result == SyncResult.Failed && outcome.PruneNote is not null && !changes.HasFailures ? outcome.PruneNote : null),
            JobId = job.JobId,
        }, cancellationToken);

        if (outcome.Resume is not null)
        {
            await queue.EnqueueAsync(job with { Reason = SyncReason.Resume, Resume = outcome.Resume.Serialize(), Objects = null }, options.ResumeDelay, cancellationToken);
            await jobs.UpsertAsync(record with { State = JobState.Progressing, Summary = summary }, cancellationToken);
            return;
        }

        var succeeded = outcome.Result == SyncResult.Succeeded;
        await jobs.UpsertAsync(record with
        {
            State = succeeded ? JobState.Succeeded : JobState.Failed,
            FinishedAt = time.GetUtcNow(),
            Summary = summary,
            Error = succeeded ? null : AppStatusErrors.From(changes, outcome.PruneNote).FirstOrDefault() ?? summary,
        }, cancellationToken);
        if (source is not null)
        {
            await notifier.NotifyAsync(job.Source, source, outcome.Commit, job.App, succeeded ? CommitState.Success : CommitState.Failure, summary, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "App {App}: lease held by another sync; job {JobId} re-enqueued")]
    private static partial void LogLeaseBusy(ILogger logger, string app, string jobId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "App {App}: job {JobId} failed in step {Step} (retryable: {Retryable}): {Error}")]
    private static partial void LogStepFailed(ILogger logger, string app, string jobId, string step, string error, bool retryable);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "App {App} synced to {Commit}: {Result}; {Summary}")]
    private static partial void LogSynced(ILogger logger, string app, string commit, string result, string summary);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "App {App}: {Change}")]
    private static partial void LogChange(ILogger logger, string app, string change);
}
