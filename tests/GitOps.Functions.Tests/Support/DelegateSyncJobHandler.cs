using GitOps.Engine.Jobs;

namespace GitOps.Functions.Tests.Support;

/// <summary>A sync body whose behaviour each test chooses; records what it received.</summary>
internal sealed class DelegateSyncJobHandler(Func<SyncJob, JobDelivery, CancellationToken, Task>? body = null) : ISyncJobHandler
{
    public List<(SyncJob Job, JobDelivery Delivery)> Calls { get; } = [];

    public Task HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((job, delivery));
        }

        return body?.Invoke(job, delivery, cancellationToken) ?? Task.CompletedTask;
    }
}
