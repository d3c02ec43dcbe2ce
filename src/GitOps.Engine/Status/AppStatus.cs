namespace GitOps.Engine.Status;

/// <summary>One app's last sync as recorded in the GitOpsApps table (docs/architecture.md §D10).</summary>
public sealed record AppStatus
{
    public required string App { get; init; }
    public required string Source { get; init; }
    public string? Cluster { get; init; }

    /// <summary>The commit the last sync applied.</summary>
    public string? LastSyncedCommit { get; init; }

    /// <summary>Succeeded, Failed or Progressing.</summary>
    public required SyncResult Result { get; init; }

    /// <summary>Healthy, Progressing, Degraded, Suspended, Missing or Unknown.</summary>
    public required string Health { get; init; }

    public int Created { get; init; }
    public int Configured { get; init; }
    public int Pruned { get; init; }
    public int Unchanged { get; init; }
    public int Failed { get; init; }
    public TimeSpan Duration { get; init; }
    public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>One-line summary of the last sync.</summary>
    public string? Summary { get; init; }

    /// <summary>What went wrong, per object ("Kind/ns/name: message"), bounded in count and length.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The last sync's outcome object by object (bounded, see <see cref="ObjectChange.MaxObjects"/>); null leaves the stored list as it is (a resumed pass).</summary>
    public IReadOnlyList<ObjectChange>? Changes { get; init; }

    /// <summary>The job that produced this status.</summary>
    public string? JobId { get; init; }
}

/// <summary>Outcome of a sync.</summary>
public enum SyncResult
{
    Succeeded,
    Failed,
    Progressing,
}
