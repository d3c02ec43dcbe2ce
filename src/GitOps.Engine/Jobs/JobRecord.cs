namespace GitOps.Engine.Jobs;

/// <summary>One row of the GitOpsJobs table: what happened to one job, kept for inspection (DESIGN.md §D10).</summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }
    public required string Source { get; init; }
    public required string App { get; init; }
    public required SyncReason Reason { get; init; }
    public required JobState State { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public int Attempts { get; init; }
    public string? DeliveryId { get; init; }
    /// <summary>The commit the job asked for (hint) or, once resolved, the commit it synced.</summary>
    public string? Commit { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Failure reason: for failed and poisoned jobs, what went wrong, in words a user can act on.</summary>
    public string? Error { get; init; }
    /// <summary>One-line result summary (for example "3 created, 1 configured, 0 pruned; Healthy").</summary>
    public string? Summary { get; init; }

    /// <summary>The record of <paramref name="job"/> as it is enqueued: Queued at its request time, with its delivery id and commit hint.</summary>
    public static JobRecord QueuedFor(SyncJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobRecord
        {
            JobId = job.JobId, Source = job.Source, App = job.App, Reason = job.Reason, State = JobState.Queued,
            QueuedAt = job.RequestedAt, DeliveryId = job.DeliveryId, Commit = job.CommitHint,
        };
    }
}

/// <summary>Lifecycle of a job. Progressing means the sync applied and is waiting for health (it re-enqueued itself).</summary>
public enum JobState
{
    Queued,
    Running,
    Progressing,
    Succeeded,
    Failed,
    Poisoned,
}
