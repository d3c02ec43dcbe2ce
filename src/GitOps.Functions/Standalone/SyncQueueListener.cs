using GitOps.Engine.Jobs;
using GitOps.Functions.Catalog;
using GitOps.Functions.Hosting;
using GitOps.Functions.Jobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Standalone;

/// <summary>Standalone mode's queue trigger for the sync function, with the Functions host's semantics (PLATFORM.md §B).</summary>
/// <remarks>
/// Fetches batchSize messages with the message lease as visibility timeout, renews it at half while a job runs, fetches again
/// once in-flight work drops to newBatchThreshold, backs off (randomized, exponential) while the queue is empty, deletes on
/// success, releases with visibilityTimeout on failure, and moves a message to the poison queue on its last failed attempt,
/// when its dequeue count already exceeds maxDequeueCount on fetch, or at once when it can never be processed.
/// </remarks>
public sealed partial class SyncQueueListener(
    QueueServiceClient queues,
    SyncJobRunner runner,
    JobRecorder recorder,
    QueueWakeSignal wake,
    IOptions<QueueTriggerOptions> queueOptions,
    IOptions<RuntimeOptions> runtimeOptions,
    TimeProvider time,
    ILogger<SyncQueueListener> logger) : BackgroundService
{
    private readonly QueueTriggerOptions options = queueOptions.Value;
    private readonly TimeSpan lease = runtimeOptions.Value.MessageLease;
    private readonly QueueClient queue = queues.GetQueueClient(FunctionCatalog.SyncQueue);
    private readonly QueueClient? poisonQueue = FunctionCatalog.PoisonQueueName(FunctionCatalog.SyncQueue) is { } name ? queues.GetQueueClient(name) : null;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new PollingBackoff(QueueTriggerOptions.MinPollingInterval, options.MaxPollingInterval, Random.Shared);
        await EnsureQueuesAsync(backoff, stoppingToken);
        var inFlight = new List<Task>();
        LogListening(logger, queue.Name, options.BatchSize, options.MaxDequeueCount);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > options.EffectiveNewBatchThreshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(options.BatchSize, lease, stoppingToken)).Value;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPollFailed(logger, queue.Name, ex);
                    await wake.WaitAsync(backoff.Next(foundMessages: false), time, stoppingToken);
                    continue;
                }

                if (messages.Length == 0)
                {
                    await wake.WaitAsync(backoff.Next(foundMessages: false), time, stoppingToken);
                    continue;
                }

                backoff.Next(foundMessages: true);
                foreach (var message in messages)
                {
                    inFlight.Add(Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: let running jobs observe the token and release their messages.
        }

        await Task.WhenAll(inFlight);
    }

    private async Task EnsureQueuesAsync(PollingBackoff backoff, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                if (poisonQueue is not null)
                {
                    await poisonQueue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(logger, queue.Name, ex);
                await wake.WaitAsync(backoff.Next(foundMessages: false), time, stoppingToken);
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                await PoisonOnFetchAsync(message, stoppingToken);
                return;
            }

            var delivery = new JobDelivery(message.MessageId, message.DequeueCount, options.MaxDequeueCount);
            SyncOutcome outcome;
            string popReceipt;
            var renewal = MessageLeaseRenewal.Start(queue, message, lease, time, logger);
            await using (renewal)
            {
                outcome = await runner.RunAsync(message.MessageText, delivery, stoppingToken);
                popReceipt = await renewal.StopAsync();
            }

            // Disposal must finish even while stopping: an interrupted job is released, not left hidden for the whole lease.
            switch (outcome.Kind)
            {
                case SyncOutcomeKind.Succeeded:
                    await DeleteAsync(message.MessageId, popReceipt);
                    break;
                case SyncOutcomeKind.Retry:
                    await ReleaseAsync(message.MessageId, popReceipt);
                    break;
                case SyncOutcomeKind.Poison:
                    await MoveToPoisonAsync(message.MessageId, popReceipt, message.MessageText, outcome.Reason!);
                    break;
                case SyncOutcomeKind.BadMessage:
                    await MoveToPoisonAsync(message.MessageId, popReceipt, new PoisonEnvelope(outcome.Reason!, message.MessageId, message.MessageText).ToJson(), outcome.Reason!);
                    break;
            }
        }
        catch (Exception ex)
        {
            // Nothing a message does may stop the listener; the message becomes visible again when its lease ends.
            LogProcessFailed(logger, message.MessageId, ex);
        }
    }

    private async Task PoisonOnFetchAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var reason = $"Dequeue count {message.DequeueCount} exceeds maxDequeueCount {options.MaxDequeueCount}; moved to the poison queue without running.";
        try
        {
            var job = SyncJobCodec.Deserialize(message.MessageText);
            var delivery = new JobDelivery(message.MessageId, message.DequeueCount, options.MaxDequeueCount);
            await recorder.RecordFailedAsync(job, delivery, reason, poisoned: true, cancellationToken);
        }
        catch (BadJobMessageException ex)
        {
            reason = $"Bad message, moved to the poison queue without retry: {ex.Message}";
            await recorder.RecordBadMessageAsync(message.MessageId, message.MessageText, message.DequeueCount, reason, cancellationToken);
        }

        await MoveToPoisonAsync(message.MessageId, message.PopReceipt, message.MessageText, reason);
    }

    private async Task DeleteAsync(string messageId, string popReceipt)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, CancellationToken.None);
        }
        catch (Exception ex) when (StorageErrors.IsMessageGone(ex))
        {
            LogGone(logger, messageId, ex.Message);
        }
    }

    private async Task ReleaseAsync(string messageId, string popReceipt)
    {
        try
        {
            await queue.UpdateMessageAsync(messageId, popReceipt, (string?)null, options.VisibilityTimeout, CancellationToken.None);
        }
        catch (Exception ex) when (StorageErrors.IsMessageGone(ex))
        {
            LogGone(logger, messageId, ex.Message);
        }
    }

    private async Task MoveToPoisonAsync(string messageId, string popReceipt, string poisonText, string reason)
    {
        if (poisonQueue is null)
        {
            // The host keeps such a message invisible rather than losing it.
            return;
        }

        await poisonQueue.SendMessageAsync(poisonText, CancellationToken.None);
        LogPoisoned(logger, messageId, poisonQueue.Name, reason);
        await DeleteAsync(messageId, popReceipt);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Listening on queue {Queue} (batch {BatchSize}, maxDequeueCount {MaxDequeueCount})")]
    private static partial void LogListening(ILogger logger, string queue, int batchSize, int maxDequeueCount);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Polling queue {Queue} failed; backing off")]
    private static partial void LogPollFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Message {MessageId} moved to {PoisonQueue}: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Message {MessageId} was already gone or taken: {Reason}")]
    private static partial void LogGone(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "Processing message {MessageId} failed unexpectedly")]
    private static partial void LogProcessFailed(ILogger logger, string messageId, Exception exception);
}
