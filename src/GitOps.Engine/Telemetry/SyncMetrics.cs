using System.Diagnostics;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;

namespace GitOps.Engine.Telemetry;

/// <summary>What a sync's outer shell records once a pass is written to the app status (the metrics of a sync, in one place).</summary>
public static class SyncMetrics
{
    /// <summary>
    /// A pass was recorded: its objects are counted; when it is the job's result (not a Progressing pass that resumes),
    /// the sync is counted with its duration since the first pass, and a push that succeeded records its push-to-live time.
    /// </summary>
    public static void Recorded(SyncJob job, ResumeState? resume, SyncOutcome outcome, DateTimeOffset started, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(outcome);
        var metrics = GitOpsMetrics.Shared;
        var pass = outcome.Changes.Counts();
        metrics.ObjectsSynced(job.App, outcome.Cluster, pass.Created + pass.Configured + pass.Recreated, pass.Pruned, pass.Failed);
        if (outcome.Resume is not null)
        {
            return;
        }

        var succeeded = outcome.Result == SyncResult.Succeeded;
        metrics.SyncFinished(job.App, outcome.Cluster, succeeded ? "succeeded" : "failed", now - (resume?.StartedAt ?? started));
        if (succeeded && (resume?.Reason ?? job.Reason) == SyncReason.Push)
        {
            metrics.PushLive(job.App, outcome.Cluster, now - job.RequestedAt);
            // Also on the job's span: Application Insights keeps histograms without buckets, so its p95 alert reads spans.
            Activity.Current?.SetTag(GitOpsMetrics.PushToLiveName, (now - job.RequestedAt).TotalSeconds);
        }
    }

    /// <summary>A sync failed before it could record a pass (a step failed for good, or on its last attempt).</summary>
    public static void Failed(SyncJob job, string? cluster, DateTimeOffset started, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        GitOpsMetrics.Shared.SyncFinished(job.App, cluster, "failed", now - started);
    }
}
