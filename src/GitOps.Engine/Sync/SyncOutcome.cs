using GitOps.Engine.Status;
using GitOps.Engine.Health;

namespace GitOps.Engine.Sync;

/// <summary>The result of one pass of the sync pipeline.</summary>
public sealed record SyncOutcome
{
    public required string Commit { get; init; }

    /// <summary>What this pass did, per object.</summary>
    public required ChangeSet Changes { get; init; }

    /// <summary>What the job did over all its passes: this one and those it resumed (<see cref="ChangeCounts.Then"/>).</summary>
    public required ChangeCounts Counts { get; init; }

    public required SyncResult Result { get; init; }
    public required HealthStatus Health { get; init; }
    public string? Cluster { get; init; }

    /// <summary>Why prune did not run or deleted nothing on purpose (for example an empty render).</summary>
    public string? PruneNote { get; init; }

    /// <summary>A pipeline-level error (not tied to one object).</summary>
    public string? Error { get; init; }

    /// <summary>Set when members are still Progressing and the job should run again later.</summary>
    public ResumeState? Resume { get; init; }

    /// <summary>Objects that are not healthy ("Kind/ns/name: Progressing: message").</summary>
    public IReadOnlyList<string> Unhealthy { get; init; } = [];

    /// <summary>"3 created, 1 configured, 0 pruned, 196 unchanged; Healthy" plus notes, for the whole job.</summary>
    public string Summary()
    {
        var text = $"{Counts}; {Health}";
        if (PruneNote is not null)
        {
            text += $"; {PruneNote}";
        }

        if (Error is not null)
        {
            text += $"; {Error}";
        }

        return text;
    }
}
