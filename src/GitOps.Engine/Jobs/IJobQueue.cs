namespace GitOps.Engine.Jobs;

/// <summary>The sync queue as the engine sees it. Enqueue returns only once the message is durably stored.</summary>
public interface IJobQueue
{
    /// <summary>Durably enqueues a job, optionally invisible for <paramref name="delay"/>.</summary>
    Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default);
}
