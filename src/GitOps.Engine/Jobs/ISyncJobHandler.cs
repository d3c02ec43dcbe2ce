namespace GitOps.Engine.Jobs;

/// <summary>The body of the queue-triggered sync function: processes one delivered SyncJob.</summary>
/// <remarks>
/// Returning normally completes the message (it is deleted). Throwing fails the attempt: the runtime
/// retries it, and after maxDequeueCount moves it to the poison queue with the exception's message as
/// the reason. <see cref="BadJobMessageException"/> is never retried: it goes to poison at once.
/// </remarks>
public interface ISyncJobHandler
{
    /// <summary>Processes one job delivery.</summary>
    Task HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>Queue delivery facts for one attempt.</summary>
public sealed record JobDelivery(string MessageId, long DequeueCount, int MaxDequeueCount)
{
    /// <summary>True when a failure of this attempt sends the message to the poison queue.</summary>
    public bool IsLastAttempt => DequeueCount >= MaxDequeueCount;
}
