using GitOps.Engine.Jobs;
using GitOps.Engine.Status;

namespace GitOps.Functions.Status;

/// <summary>One app as `gitops status` and GET /api/status show it: last sync plus last drift sweep.</summary>
public sealed record AppStatusView
{
    public required string App { get; init; }
    public required string Source { get; init; }
    public string? Cluster { get; init; }
    public string? Commit { get; init; }
    public string? SyncResult { get; init; }
    public string? Health { get; init; }
    public string? SyncSummary { get; init; }
    public DateTimeOffset? LastSyncAt { get; init; }
    public TimeSpan? SyncDuration { get; init; }
    /// <summary>The last sweep's state (InSync, Drifted, SyncPending, Error), or Healed once the heal it queued succeeded.</summary>
    public string? DriftState { get; init; }
    public string? DriftSummary { get; init; }

    /// <summary>Every finding of the last sweep, one line each ("Kind/ns/name modified: spec.replicas changed ...").</summary>
    public IReadOnlyList<string> DriftFindings { get; init; } = [];
    public DateTimeOffset? LastSweepAt { get; init; }
    public string? JobId { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The last sync's outcome object by object, failures first; only in one app's view (the list leaves it out).</summary>
    public IReadOnlyList<ObjectChange>? Changes { get; init; }
}

/// <summary>The job overview of `gitops jobs` and GET /api/jobs.</summary>
public sealed record JobsOverview
{
    /// <summary>The sync queue's approximate message count (includes invisible, in-flight messages).</summary>
    public required int QueuedApproximate { get; init; }

    /// <summary>Visible messages peeked from the head of the sync queue.</summary>
    public required IReadOnlyList<QueuedJobView> Queued { get; init; }

    /// <summary>Recent jobs that are running or waiting for health.</summary>
    public required IReadOnlyList<JobRecord> Running { get; init; }

    /// <summary>Recent jobs whose last attempt failed and that the queue will deliver again (not final).</summary>
    public IReadOnlyList<JobRecord> Retrying { get; init; } = [];

    /// <summary>Recent jobs that succeeded, newest first.</summary>
    public required IReadOnlyList<JobRecord> Succeeded { get; init; }

    /// <summary>Recent jobs that a later job of the same app took over while they waited for health.</summary>
    public IReadOnlyList<JobRecord> Superseded { get; init; } = [];

    /// <summary>Recent jobs that failed, newest first.</summary>
    public required IReadOnlyList<JobRecord> Failed { get; init; }

    /// <summary>Messages in the poison queue.</summary>
    public required IReadOnlyList<PoisonedJobView> Poisoned { get; init; }
}

/// <summary>A job message waiting in the sync queue.</summary>
public sealed record QueuedJobView(string MessageId, string? JobId, string? App, string? Reason, DateTimeOffset InsertedOn, long DequeueCount);

/// <summary>A message in the poison queue with why it got there.</summary>
public sealed record PoisonedJobView(string MessageId, string? JobId, string? App, string Reason, DateTimeOffset InsertedOn, long DequeueCount);

/// <summary>An error body of the status API.</summary>
public sealed record StatusApiError(string Error);
