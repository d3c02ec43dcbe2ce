namespace GitOps.Engine.Webhooks.Deliveries;

/// <summary>Remembers webhook deliveries by id so a redelivery enqueues nothing (shared by all instances: a table).</summary>
/// <remarks>
/// Protocol: <see cref="TryClaimAsync"/> records the delivery before anything is enqueued (insert-if-absent, so of two
/// concurrent redeliveries only one wins); the winner enqueues, then calls <see cref="CompleteAsync"/> with the job ids,
/// <see cref="RecordPartialAsync"/> when only some jobs were queued, or <see cref="ReleaseAsync"/> when none were, so
/// the sender's next redelivery can succeed without queuing any job twice.
/// </remarks>
public interface IDeliveryLog
{
    /// <summary>Claims <paramref name="deliveryKey"/>, or reports the earlier delivery that holds it.</summary>
    Task<DeliveryClaim> TryClaimAsync(string deliveryKey, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed delivery as done, remembering the jobs it enqueued.</summary>
    Task CompleteAsync(DeliveryClaim claim, IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives up a claim of which only <paramref name="queued"/> reached the queue: the next claim of the delivery gets
    /// them as <see cref="DeliveryClaim.AlreadyQueued"/> and queues only the rest.
    /// </summary>
    Task RecordPartialAsync(DeliveryClaim claim, IReadOnlyList<QueuedJob> queued, CancellationToken cancellationToken = default);

    /// <summary>Drops a claim of which nothing was enqueued; a no-op when someone else has taken the delivery over since.</summary>
    Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken = default);
}

/// <summary>The result of claiming a delivery.</summary>
/// <param name="DeliveryKey">The claimed key.</param>
/// <param name="Outcome">Whether this caller owns the delivery now.</param>
/// <param name="JobIds">For <see cref="DeliveryClaimOutcome.Duplicate"/>: the jobs the first delivery enqueued.</param>
/// <param name="Version">Opaque version of the claim (an ETag) so complete/release touch only this caller's claim.</param>
public sealed record DeliveryClaim(string DeliveryKey, DeliveryClaimOutcome Outcome, IReadOnlyList<string> JobIds, string? Version)
{
    /// <summary>For <see cref="DeliveryClaimOutcome.Claimed"/>: jobs an earlier, partly failed attempt already queued.</summary>
    public IReadOnlyList<QueuedJob> AlreadyQueued { get; init; } = [];

    /// <summary>Opaque id of the claim's holder, so a write whose response was lost can recognise its own row.</summary>
    public string? Owner { get; init; }
}

/// <summary>A job a delivery put on the queue, by the app it syncs.</summary>
public sealed record QueuedJob(string Source, string App, string JobId);

/// <summary>Outcome of <see cref="IDeliveryLog.TryClaimAsync"/>.</summary>
public enum DeliveryClaimOutcome
{
    /// <summary>This caller owns the delivery and must complete, record partial or release it.</summary>
    Claimed,
    /// <summary>The delivery was already handled within the window; <see cref="DeliveryClaim.JobIds"/> holds its jobs.</summary>
    Duplicate,
    /// <summary>Another request is handling the same delivery right now; its outcome is not known yet.</summary>
    InProgress,
}
