namespace GitOps.Engine.Jobs;

/// <summary>What a job's record says after one attempt of <see cref="ISyncJobHandler"/>: the handler's answer to the runner, which writes it.</summary>
public sealed record JobResult
{
    /// <summary>Succeeded, Failed, Progressing (it re-enqueued itself), Queued (it waits for another sync of its app) or Superseded.</summary>
    public required JobState State { get; init; }

    /// <summary>The commit the job synced, once resolved.</summary>
    public string? Commit { get; init; }

    /// <summary>One line of what the job did ("14 created, 0 configured, 0 pruned, 0 unchanged; Healthy").</summary>
    public string? Summary { get; init; }

    /// <summary>Why the job failed, in words a user can act on.</summary>
    public string? Error { get; init; }

    /// <summary>Why the job was requested, when the message of this attempt does not say (a resumed pass says Resume).</summary>
    public SyncReason? Reason { get; init; }

    /// <summary>When the job started, when that was before this attempt (a pass resumed to wait for health).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>A job that finished well, with nothing more to say.</summary>
    public static JobResult Succeeded { get; } = new() { State = JobState.Succeeded };
}
