namespace GitOps.Engine.Jobs;

/// <summary>One row of the GitOpsJobs table: what happened to one job, kept for inspection (docs/architecture.md §D10).</summary>
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

/// <summary>Lifecycle of a job.</summary>
public enum JobState
{
    Queued,
    Running,

    /// <summary>The sync applied and waits for health: it re-enqueued itself (docs/architecture.md §D9).</summary>
    Progressing,
    Succeeded,

    /// <summary>Final: the job failed and will not run again.</summary>
    Failed,

    /// <summary>Final: every attempt failed and the message is in the poison queue.</summary>
    Poisoned,

    /// <summary>An attempt failed and the queue will deliver the job again; not final.</summary>
    Retrying,

    /// <summary>Final: a later job of the same app took over while this one waited for health.</summary>
    Superseded,
}

/// <summary>What the job states mean to someone waiting for a job.</summary>
public static class JobStates
{
    /// <summary>True for the states a job never leaves (Succeeded, Failed, Poisoned, Superseded).</summary>
    public static bool IsFinal(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Poisoned or JobState.Superseded;
}
