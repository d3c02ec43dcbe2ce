using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;

namespace GitOps.Dashboard.Views;

/// <summary>One app's page: its overview row, last sync, last drift sweep, job history and (when read) the cluster's view.</summary>
public sealed record AppModel
{
    public required AppRow Row { get; init; }
    public string? SyncSummary { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The last sync's outcome object by object, failures first (bounded; the summary has the full counts).</summary>
    public IReadOnlyList<ObjectChange> Changes { get; init; } = [];
    public AppDriftReport? Drift { get; init; }
    public IReadOnlyList<JobRecord> Jobs { get; init; } = [];

    /// <summary>The objects and the diff of what a sync would change now; null when not read (or unreadable, see <see cref="LiveError"/>).</summary>
    public LiveView? Live { get; init; }

    /// <summary>Why the cluster's view could not be read.</summary>
    public string? LiveError { get; init; }
}

/// <summary>The app as the cluster and Git see it now: its objects and what a sync would change.</summary>
/// <param name="Head">The source's branch head the diff was rendered at.</param>
/// <param name="Objects">Desired objects and members that left Git, with health and sync state.</param>
/// <param name="Diffs">Unified diffs (live to desired, Secret values masked) of the objects a sync would change.</param>
public sealed record LiveView(CommitView Head, IReadOnlyList<ObjectView> Objects, IReadOnlyList<ObjectDiffView> Diffs);

/// <summary>One object of an app.</summary>
public sealed record ObjectView(string Kind, string? Namespace, string Name, State Health, string? HealthReason, State Sync, string? SyncReason);

/// <summary>One object's diff.</summary>
public sealed record ObjectDiffView(string Object, string Diff);
