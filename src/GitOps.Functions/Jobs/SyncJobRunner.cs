using System.Diagnostics;
using GitOps.Engine.Jobs;
using GitOps.Engine.Telemetry;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Jobs;

/// <summary>
/// The sync trigger's one entry point: decodes a message, records the job through <see cref="JobRecorder"/> (the one writer
/// of job records), calls the handler and tells the trigger what to do with the message.
/// </summary>
/// <remarks>
/// It never throws for a failed job: the disposition tells the trigger to delete, retry or poison the message. A redelivery
/// of a job that already finished is completed without running it again: the queue listener ignores a failed delete, so
/// a finished job's message can come back.
/// </remarks>
public sealed partial class SyncJobRunner(ISyncJobHandler handler, JobRecorder recorder, IJobStore store, TimeProvider time, ILogger<SyncJobRunner> logger)
{
    /// <summary>Processes one attempt of a message.</summary>
    public async Task<MessageDisposition> RunAsync(string messageText, JobDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        ArgumentNullException.ThrowIfNull(delivery);
        SyncJob job;
        try
        {
            job = SyncJobCodec.Deserialize(messageText);
        }
        catch (BadJobMessageException ex)
        {
            return await BadMessageAsync(delivery, messageText, ex.Message, cancellationToken);
        }

        if (delivery.DequeueCount > 1 && await FinishedStateAsync(job, cancellationToken) is { } finished)
        {
            LogAlreadyFinished(logger, job.JobId, finished, delivery.DequeueCount);
            return MessageDisposition.Done;
        }

        using var span = SyncActivities.StartJob(job, delivery.DequeueCount);
        using var scope = logger.BeginScope(new JobLogScope(job.JobId, job.App, job.DeliveryId));
        var startedAt = time.GetUtcNow();
        JobResult result;
        try
        {
            // A resumed pass keeps its Progressing record while it checks health again: it records only what it comes to.
            if (job.Reason != SyncReason.Resume)
            {
                await recorder.RecordRunningAsync(job, delivery, startedAt, cancellationToken);
            }

            LogStarted(logger, job.JobId, job.Source, job.App, delivery.DequeueCount, delivery.MaxDequeueCount);
            result = await handler.HandleAsync(job, delivery, cancellationToken);
        }
        catch (BadJobMessageException ex)
        {
            return await BadMessageAsync(delivery, messageText, ex.Message, cancellationToken);
        }
        catch (TerminalJobException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailedAsync(job, delivery, startedAt, JobState.Failed, ex.Message, MessageDisposition.Done, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return delivery.IsLastAttempt
                ? await FailedAsync(job, delivery, startedAt, JobState.Poisoned,
                    $"Attempt {delivery.DequeueCount} of {delivery.MaxDequeueCount} failed, moved to the poison queue: {ex.Message}", null, cancellationToken)
                : await FailedAsync(job, delivery, startedAt, JobState.Retrying,
                    $"Attempt {delivery.DequeueCount} of {delivery.MaxDequeueCount} failed, will retry: {ex.Message}", null, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: the record must not stay Running, and the message goes back for another instance;
            // an interruption never sends a message to poison.
            return await FailedAsync(job, delivery, startedAt, JobState.Retrying,
                $"Attempt {delivery.DequeueCount} was interrupted because the host stopped; it will be retried.", null, CancellationToken.None);
        }

        try
        {
            await recorder.RecordResultAsync(job, delivery, startedAt, result, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work is done; failing now would repeat it. The record keeps its previous state and the log says why.
            LogRecordFailed(logger, job.JobId, ex);
        }

        LogFinished(logger, job.JobId, result.State, result.Summary ?? result.Error ?? "");
        span?.SetTag(GitOpsTelemetry.Tags.Result, result.State.ToString()).SetTag(GitOpsTelemetry.Tags.Commit, result.Commit);
        if (result.State == JobState.Failed)
        {
            SyncActivities.Fail(span, result.Summary ?? "failed");
        }

        return MessageDisposition.Done;
    }

    /// <remarks>
    /// Only a redelivery is checked (a first delivery cannot have finished before), so the first attempt reads nothing.
    /// Running is not final, and neither is Progressing: a pass that died without a record leaves the previous pass's
    /// Progressing behind. Poisoned is left out too, since a poisoned job may be re-driven. When the record cannot be
    /// read, the job runs: at least once is the queue's promise.
    /// </remarks>
    private async Task<JobState?> FinishedStateAsync(SyncJob job, CancellationToken cancellationToken)
    {
        try
        {
            var record = await store.GetAsync(job.JobId, cancellationToken);
            return record?.State is JobState.Succeeded or JobState.Failed or JobState.Superseded ? record.State : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFinishedCheckFailed(logger, job.JobId, ex);
            return null;
        }
    }

    // Records a failed attempt; the disposition follows from the state unless given (a terminal failure completes the message).
    private async Task<MessageDisposition> FailedAsync(
        SyncJob job, JobDelivery delivery, DateTimeOffset startedAt, JobState state, string reason, MessageDisposition? disposition, CancellationToken cancellationToken)
    {
        LogFailed(logger, job.JobId, reason);
        SyncActivities.Fail(Activity.Current, state.ToString());
        if (state == JobState.Poisoned)
        {
            GitOpsMetrics.Shared.JobPoisoned("attempts_exhausted");
        }

        try
        {
            await recorder.RecordFailedAsync(job, delivery, startedAt, state, reason, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, job.JobId, ex);
        }

        return disposition ?? new MessageDisposition(state == JobState.Poisoned ? MessageAction.Poison : MessageAction.Retry, reason);
    }

    private async Task<MessageDisposition> BadMessageAsync(JobDelivery delivery, string messageText, string reason, CancellationToken cancellationToken)
    {
        var fullReason = $"Bad message, moved to the poison queue without retry: {reason}";
        LogBadMessage(logger, delivery.MessageId, fullReason);
        GitOpsMetrics.Shared.JobPoisoned("bad_message");
        try
        {
            await recorder.RecordBadMessageAsync(delivery.MessageId, messageText, delivery.DequeueCount, fullReason, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, "message-" + delivery.MessageId, ex);
        }

        return new MessageDisposition(MessageAction.BadMessage, fullReason);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Job {JobId} ({Source}/{App}) started, attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogStarted(ILogger logger, string jobId, string source, string app, long attempt, int maxAttempts);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Job {JobId}: {State}; {Summary}")]
    private static partial void LogFinished(ILogger logger, string jobId, JobState state, string summary);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Job {JobId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Job {JobId} failed, not retried: {Reason}")]
    private static partial void LogTerminal(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Message {MessageId}: {Reason}")]
    private static partial void LogBadMessage(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Job {JobId} is already {State}; delivery {Attempt} of its message is completed without running it again")]
    private static partial void LogAlreadyFinished(ILogger logger, string jobId, JobState state, long attempt);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Job {JobId}: could not read its record to tell a redelivery of a finished job; running it")]
    private static partial void LogFinishedCheckFailed(ILogger logger, string jobId, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Could not record the state of job {JobId}")]
    private static partial void LogRecordFailed(ILogger logger, string jobId, Exception exception);
}
