using Azure.Storage.Queues;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Functions.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Triggers;

/// <summary>The sync function's body for both hosts: runs one delivery and tells the host's queue trigger what to do with the message.</summary>
/// <remarks>
/// Done returns (the host deletes the message). A failed attempt throws <see cref="JobAttemptFailedException"/>: the host makes
/// the message visible again after visibilityTimeout and moves it to the poison queue after maxDequeueCount. A message that can
/// never be processed is put into the poison queue here, with its reason, and the call returns so that the host deletes it.
/// </remarks>
public sealed partial class SyncTrigger(SyncJobRunner runner, QueueServiceClient queues, IOptions<QueueTriggerOptions> options, ILogger<SyncTrigger> logger)
{
    private readonly QueueClient _poison = queues.GetQueueClient(FunctionNames.SyncPoisonQueue);

    /// <summary>Processes one delivery of a sync message.</summary>
    /// <exception cref="JobAttemptFailedException">The attempt failed; the host retries or poisons the message.</exception>
    public async Task RunAsync(string messageText, string messageId, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var delivery = new JobDelivery(messageId, dequeueCount, options.Value.MaxDequeueCount);
        var disposition = await runner.RunAsync(messageText, delivery, cancellationToken);
        switch (disposition.Action)
        {
            case MessageAction.Done:
                return;
            case MessageAction.BadMessage:
                // Durable before the host deletes the original: the envelope keeps the text and says why.
                await _poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
                await _poison.SendMessageAsync(new PoisonEnvelope(disposition.Reason!, messageId, messageText).ToJson(), cancellationToken: CancellationToken.None);
                LogBadMessagePoisoned(logger, messageId, FunctionNames.SyncPoisonQueue);
                return;
            default:
                throw new JobAttemptFailedException(disposition.Reason ?? "the attempt failed");
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Message {MessageId} can never be processed; put into {PoisonQueue} with its reason")]
    private static partial void LogBadMessagePoisoned(ILogger logger, string messageId, string poisonQueue);
}
