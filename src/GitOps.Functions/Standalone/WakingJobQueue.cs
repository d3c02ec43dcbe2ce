using GitOps.Engine.Jobs;

namespace GitOps.Functions.Standalone;

/// <summary>An <see cref="IJobQueue"/> that wakes the in-process listener after each durable enqueue (fast local runs and tests).</summary>
public sealed class WakingJobQueue(IJobQueue inner, QueueWakeSignal wake) : IJobQueue
{
    /// <inheritdoc />
    public async Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        await inner.EnqueueAsync(job, delay, cancellationToken);
        if (delay is null || delay <= TimeSpan.Zero)
        {
            wake.Signal();
        }
    }
}
