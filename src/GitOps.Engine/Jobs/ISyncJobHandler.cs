namespace GitOps.Engine.Jobs;

/// <summary>The work of the queue-triggered sync: processes one delivered SyncJob and says what its record should say.</summary>
/// <remarks>
/// The handler never writes the job record: the runner that called it does, from the returned <see cref="JobResult"/>.
/// Throwing fails the attempt: the runner records it as Retrying and the queue delivers it again, until maxDequeueCount
/// moves it to the poison queue. <see cref="TerminalJobException"/> ends the job Failed with its message, without retry;
/// <see cref="BadJobMessageException"/> sends the message to the poison queue at once.
/// </remarks>
public interface ISyncJobHandler
{
    /// <summary>Processes one job delivery.</summary>
    Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>Queue delivery facts for one attempt.</summary>
public sealed record JobDelivery(string MessageId, long DequeueCount, int MaxDequeueCount)
{
    /// <summary>True when a failure of this attempt sends the message to the poison queue.</summary>
    public bool IsLastAttempt => DequeueCount >= MaxDequeueCount;
}
