namespace GitOps.Dashboard.Views;

/// <summary>How a state reads at a glance; each kind has its own shape and word, colour only adds to them.</summary>
public enum StateKind
{
    Good,
    Warn,
    Bad,
    Busy,
    None,
}

/// <summary>A state as the dashboard shows it: a word (always shown) and its kind (shape and colour).</summary>
public sealed record State(string Text, StateKind Kind)
{
    public static State Unknown { get; } = new("unknown", StateKind.None);

    /// <summary>The glyph drawn before the word: a different shape for each kind.</summary>
    public string Glyph => Kind switch
    {
        StateKind.Good => "✓",
        StateKind.Warn => "▲",
        StateKind.Bad => "✗",
        StateKind.Busy => "◔",
        _ => "○",
    };

    public string CssClass => "st st-" + Kind.ToString().ToLowerInvariant();

    /// <summary>A sync result: Succeeded, Failed, Progressing, or never synced.</summary>
    public static State OfSync(string? result) => result switch
    {
        "Succeeded" => new("synced", StateKind.Good),
        "Failed" => new("failed", StateKind.Bad),
        "Progressing" => new("progressing", StateKind.Busy),
        null => new("never synced", StateKind.None),
        _ => new(result.ToLowerInvariant(), StateKind.None),
    };

    /// <summary>A health status: Healthy, Progressing, Degraded, Suspended, Missing, Unknown.</summary>
    public static State OfHealth(string? health) => health switch
    {
        "Healthy" => new("healthy", StateKind.Good),
        "Progressing" => new("progressing", StateKind.Busy),
        "Degraded" => new("degraded", StateKind.Bad),
        "Missing" => new("missing", StateKind.Bad),
        "Suspended" => new("suspended", StateKind.Warn),
        null => Unknown,
        _ => new(health.ToLowerInvariant(), StateKind.None),
    };

    /// <summary>A drift state: InSync, Drifted, SyncPending, Error, or never swept.</summary>
    public static State OfDrift(string? drift) => drift switch
    {
        "InSync" => new("in sync", StateKind.Good),
        "Drifted" => new("drifted", StateKind.Warn),
        "Healed" => new("healed", StateKind.Good),
        "SyncPending" => new("sync pending", StateKind.Busy),
        "Error" => new("sweep failed", StateKind.Bad),
        null => new("not swept", StateKind.None),
        _ => new(drift.ToLowerInvariant(), StateKind.None),
    };

    /// <summary>A job's state.</summary>
    public static State OfJob(GitOps.Engine.Jobs.JobState state) => state switch
    {
        GitOps.Engine.Jobs.JobState.Succeeded => new("succeeded", StateKind.Good),
        GitOps.Engine.Jobs.JobState.Failed => new("failed", StateKind.Bad),
        GitOps.Engine.Jobs.JobState.Poisoned => new("poisoned", StateKind.Bad),
        GitOps.Engine.Jobs.JobState.Queued => new("queued", StateKind.None),
        _ => new(state.ToString().ToLowerInvariant(), StateKind.Busy),
    };

    /// <summary>What a sync did to one object: created, configured, recreated, pruned, unchanged, skipped or failed.</summary>
    public static State OfChange(string action) => action switch
    {
        "failed" => new("failed", StateKind.Bad),
        "skipped" => new("skipped", StateKind.Warn),
        "unchanged" => new("unchanged", StateKind.None),
        _ => new(action, StateKind.Good),
    };
}
