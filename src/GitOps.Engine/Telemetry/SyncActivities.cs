using System.Diagnostics;
using GitOps.Engine.Jobs;
using GitOps.Engine.Sync;
using static GitOps.Engine.Telemetry.GitOpsTelemetry;

namespace GitOps.Engine.Telemetry;

/// <summary>The spans of a push: the webhook delivery, the sync job it queued, and the job's steps.</summary>
/// <remarks>Each returns null when nothing listens, so an untraced host pays one check per span.</remarks>
public static class SyncActivities
{
    /// <summary>The name of a job attempt's span (Application Insights lists it in requests; the alert rules query it).</summary>
    public const string JobSpanName = "gitops.sync";

    /// <summary>The span of one webhook delivery (its jobs carry its context across the queue).</summary>
    public static Activity? StartDelivery(string provider) =>
        Source.StartActivity("gitops.webhook.delivery", ActivityKind.Internal)?.SetTag(Tags.Provider, provider);

    /// <summary>
    /// The span of one attempt of a job: a child of the span that queued it (the job's traceparent), or, for a resumed
    /// pass, a span of its own linked to the sync it continues. A job without a usable traceparent starts a new trace.
    /// </summary>
    public static Activity? StartJob(SyncJob job, long attempt)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!Source.HasListeners())
        {
            return null;
        }

        var hasOrigin = ActivityContext.TryParse(job.TraceParent, null, isRemote: true, out var origin);
        var resumed = job.Reason == SyncReason.Resume;
        var activity = Source.StartActivity(
            JobSpanName, ActivityKind.Consumer,
            parentContext: hasOrigin && !resumed ? origin : default,
            links: hasOrigin && resumed ? [new ActivityLink(origin)] : null);
        return activity?
            .SetTag(Tags.JobId, job.JobId).SetTag(Tags.App, job.App).SetTag(Tags.Source, job.Source)
            .SetTag(Tags.SyncReason, job.Reason.ToString()).SetTag(Tags.DeliveryId, job.DeliveryId).SetTag(Tags.Attempt, attempt);
    }

    /// <summary>The span of one step of a sync (fetch, render, decrypt, plan, apply, prune, health, record).</summary>
    public static Activity? StartStep(SyncStep step) => Source.StartActivity(StepName(step));

    /// <summary>The span of decrypting an app's SOPS files (inside its render).</summary>
    public static Activity? StartDecrypt() => Source.StartActivity("gitops.sync.decrypt");

    /// <summary>Marks a span failed with a short reason (never a secret: step errors are scrubbed before they get here).</summary>
    public static void Fail(Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);

    private static string StepName(SyncStep step) => step switch
    {
        SyncStep.Lease => "gitops.sync.lease",
        SyncStep.ResolveHead => "gitops.sync.resolve_head",
        SyncStep.Fetch => "gitops.sync.fetch",
        SyncStep.LoadApp => "gitops.sync.load_app",
        SyncStep.Render => "gitops.sync.render",
        SyncStep.Plan => "gitops.sync.plan",
        SyncStep.Apply => "gitops.sync.apply",
        SyncStep.Prune => "gitops.sync.prune",
        SyncStep.Health => "gitops.sync.health",
        SyncStep.Record => "gitops.sync.record",
        SyncStep.Notify => "gitops.sync.notify",
        _ => "gitops.sync.step",
    };
}
