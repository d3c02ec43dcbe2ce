namespace GitOps.Engine.Drift.Sweep;

/// <summary>The outcome of sweeping one app: its state, findings, and what the sweep did about them.</summary>
public sealed record AppDriftReport
{
    public required string App { get; init; }
    public required string Source { get; init; }
    public required string Cluster { get; init; }
    public required DriftState State { get; init; }
    public required DateTimeOffset SweptAt { get; init; }

    /// <summary>The commit whose desired state was compared (the last synced commit).</summary>
    public string? Commit { get; init; }

    public IReadOnlyList<DriftFinding> Findings { get; init; } = [];

    /// <summary>What the sweep did: "healing 2 object(s) (job …)", "detect-only: left alone", "sync enqueued: head moved to …".</summary>
    public string? Action { get; init; }

    /// <summary>The sync job this sweep enqueued (a poll or a heal), when it enqueued one.</summary>
    public string? JobId { get; init; }

    /// <summary>Why the app could not be swept, when <see cref="State"/> is <see cref="DriftState.Error"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Objects compared (desired members).</summary>
    public int Compared { get; init; }

    /// <summary>The heal attempts remembered for conflict detection (object key to history).</summary>
    public IReadOnlyDictionary<string, HealRecord> Heals { get; init; } = new Dictionary<string, HealRecord>();

    /// <summary>One line for logs, status and the CLI.</summary>
    public string Summary => State switch
    {
        DriftState.InSync => $"in sync ({Compared} object(s) compared)" + (Action is null ? "" : $"; {Action}"),
        DriftState.Drifted => $"{Findings.Count} drifted: " + string.Join("; ", Findings) + (Action is null ? "" : $" — {Action}"),
        DriftState.Error => $"sweep failed: {Error}",
        _ => Action ?? State.ToString(),
    };
}

/// <summary>An app's drift state as of its last sweep.</summary>
public enum DriftState
{
    /// <summary>Live matches Git.</summary>
    InSync,

    /// <summary>At least one finding.</summary>
    Drifted,

    /// <summary>Not compared: the app has not synced its current head yet (a sync was enqueued).</summary>
    SyncPending,

    /// <summary>The sweep could not read the app's live or desired state.</summary>
    Error,
}

/// <summary>Consecutive heals of one object: used to tell a one-off edit from a controller fighting us.</summary>
/// <param name="Count">Heals in a row, each followed by drift again within the conflict window.</param>
/// <param name="LastHealAt">When the last heal was enqueued.</param>
public sealed record HealRecord(int Count, DateTimeOffset LastHealAt);
