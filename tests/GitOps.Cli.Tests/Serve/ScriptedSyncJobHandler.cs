using GitOps.Engine.Jobs;

namespace GitOps.Cli.Tests.Serve;

/// <summary>A sync body whose behaviour each test chooses; records every delivery it received.</summary>
internal sealed class ScriptedSyncJobHandler(Func<SyncJob, JobDelivery, CancellationToken, Task>? body = null) : ISyncJobHandler
{
    private readonly List<(SyncJob Job, JobDelivery Delivery)> _calls = [];

    public IReadOnlyList<(SyncJob Job, JobDelivery Delivery)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public async Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add((job, delivery));
        }

        if (body is not null)
        {
            await body(job, delivery, cancellationToken);
        }

        return JobResult.Succeeded;
    }

    public bool Received(string jobId) => Calls.Any(c => c.Job.JobId == jobId);
}
