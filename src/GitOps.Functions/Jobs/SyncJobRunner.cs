using GitOps.Engine.Jobs;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Jobs;

/// <summary>Runs one delivery of a sync message in either mode: decode, record, call the handler, record the result.</summary>
/// <remarks>It never throws for a failed job: the outcome tells the trigger what to do with the message.</remarks>
public sealed partial class SyncJobRunner(ISyncJobHandler handler, JobRecorder recorder, ILogger<SyncJobRunner> logger)
{
    /// <summary>Processes one attempt of a message.</summary>
    public async Task<SyncOutcome> RunAsync(string messageText, JobDelivery delivery, CancellationToken cancellationToken)
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

        try
        {
            await recorder.RecordRunningAsync(job, delivery, cancellationToken);
            LogStarted(logger, job.JobId, job.Source, job.App, delivery.DequeueCount, delivery.MaxDequeueCount);
            await handler.HandleAsync(job, delivery, cancellationToken);
        }
        catch (BadJobMessageException ex)
        {
            return await BadMessageAsync(delivery, messageText, ex.Message, cancellationToken);
        }
        catch (TerminalJobException ex)
        {
            return await TerminalAsync(job, delivery, ex.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return await FailedAsync(job, delivery, ex.Message, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: record it (the record must not stay Running) and release the message for another
            // instance; an interruption never sends a message to poison.
            return await FailedAsync(job, delivery with { MaxDequeueCount = int.MaxValue }, "The attempt was interrupted because the host stopped.", CancellationToken.None);
        }

        try
        {
            await recorder.RecordSucceededAsync(job, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work is done; failing now would repeat it. The record stays Running and says why below.
            LogRecordFailed(logger, job.JobId, ex);
        }

        LogSucceeded(logger, job.JobId);
        return SyncOutcome.Success;
    }

    private async Task<SyncOutcome> FailedAsync(SyncJob job, JobDelivery delivery, string reason, CancellationToken cancellationToken)
    {
        var poisoned = delivery.IsLastAttempt;
        var fullReason = poisoned
            ? $"Attempt {delivery.DequeueCount} of {delivery.MaxDequeueCount} failed, moved to the poison queue: {reason}"
            : $"Attempt {delivery.DequeueCount} of {delivery.MaxDequeueCount} failed, will retry: {reason}";
        LogFailed(logger, job.JobId, fullReason);
        try
        {
            await recorder.RecordFailedAsync(job, delivery, fullReason, poisoned, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, job.JobId, ex);
        }

        return new SyncOutcome(poisoned ? SyncOutcomeKind.Poison : SyncOutcomeKind.Retry, fullReason);
    }

    // No retry can fix it: the job ends Failed with its reason and the message is done (never poisoned).
    private async Task<SyncOutcome> TerminalAsync(SyncJob job, JobDelivery delivery, string reason, CancellationToken cancellationToken)
    {
        LogTerminal(logger, job.JobId, reason);
        try
        {
            await recorder.RecordFailedAsync(job, delivery, reason, poisoned: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, job.JobId, ex);
        }

        return new SyncOutcome(SyncOutcomeKind.Succeeded, reason);
    }

    private async Task<SyncOutcome> BadMessageAsync(JobDelivery delivery, string messageText, string reason, CancellationToken cancellationToken)
    {
        var fullReason = $"Bad message, moved to the poison queue without retry: {reason}";
        LogBadMessage(logger, delivery.MessageId, fullReason);
        try
        {
            await recorder.RecordBadMessageAsync(delivery.MessageId, messageText, delivery.DequeueCount, fullReason, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, "message-" + delivery.MessageId, ex);
        }

        return new SyncOutcome(SyncOutcomeKind.BadMessage, fullReason);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Job {JobId} ({Source}/{App}) started, attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogStarted(ILogger logger, string jobId, string source, string app, long attempt, int maxAttempts);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Job {JobId} succeeded")]
    private static partial void LogSucceeded(ILogger logger, string jobId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Job {JobId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Job {JobId} failed, not retried: {Reason}")]
    private static partial void LogTerminal(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Message {MessageId}: {Reason}")]
    private static partial void LogBadMessage(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Could not record the state of job {JobId}")]
    private static partial void LogRecordFailed(ILogger logger, string jobId, Exception exception);
}
