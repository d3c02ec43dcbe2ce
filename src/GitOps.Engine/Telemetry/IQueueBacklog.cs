namespace GitOps.Engine.Telemetry;

/// <summary>Reads how far the job queues are behind: their length and the age of their oldest visible message.</summary>
public interface IQueueBacklog
{
    /// <summary>One reading per queue (the sync queue and its poison queue); a few storage requests, never a scan.</summary>
    Task<IReadOnlyList<QueueBacklog>> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>A queue's approximate length and the age of the message at its head (null when none is visible).</summary>
public sealed record QueueBacklog(string Queue, long Length, TimeSpan? OldestAge);
