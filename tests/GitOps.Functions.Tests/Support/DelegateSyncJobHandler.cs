using GitOps.Engine.Jobs;

namespace GitOps.Functions.Tests.Support;

/// <summary>A sync body whose behaviour each test chooses (it succeeds unless the body throws); records what it received.</summary>
internal sealed class DelegateSyncJobHandler(Func<SyncJob, JobDelivery, CancellationToken, Task>? body = null) : ISyncJobHandler
{
    public List<(SyncJob Job, JobDelivery Delivery)> Calls { get; } = [];

    public async Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((job, delivery));
        }

        if (body is not null)
        {
            await body(job, delivery, cancellationToken);
        }

        return JobResult.Succeeded;
    }
}
