using GitOps.Engine.Apps;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Sources;
using GitOps.Functions.Status;
using Microsoft.Extensions.Logging;

namespace GitOps.Dashboard.Actions;

/// <summary>
/// The dashboard's actions, done as the CLI does them: "Sync now" records and enqueues a manual job (gitops sync), "Retry"
/// moves a poisoned message back onto the sync queue (gitops jobs retry), "Sweep now" runs the drift sweeper for one app.
/// </summary>
public sealed partial class DashboardActions(
    StatusReader status, IJobStore jobs, IJobQueue queue, SyncQueues queues, DriftSweeper sweeper, TimeProvider time, ILogger<DashboardActions> logger)
{
    /// <summary>Enqueues a manual sync of <paramref name="app"/> (an app that has synced before: its status names its source).</summary>
    public async Task<ActionResult> SyncAsync(string app, CancellationToken cancellationToken)
    {
        if (await status.GetAppAsync(app, cancellationToken) is not { } view)
        {
            return ActionResult.Failed($"app '{app}' is unknown: it never synced");
        }

        var job = new SyncJob
        {
            SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = Guid.NewGuid().ToString("N"), Source = view.Source, App = app,
            Reason = SyncReason.Manual, RequestedAt = time.GetUtcNow(),
        };
        await jobs.UpsertAsync(JobRecord.QueuedFor(job), cancellationToken);
        await queue.EnqueueAsync(job, cancellationToken: cancellationToken);
        LogAction(logger, "sync", app, job.JobId);
        return ActionResult.Done($"Sync of {app} enqueued (job {job.JobId}).");
    }

    /// <summary>Re-drives the poisoned job <paramref name="jobId"/> and records it Queued again.</summary>
    public async Task<ActionResult> RetryAsync(string jobId, CancellationToken cancellationToken)
    {
        SyncJob job;
        try
        {
            if (await queues.RetryAsync(jobId, jobs, cancellationToken) is not { } retried)
            {
                return ActionResult.Failed($"no poisoned message for job {jobId}: it may have been retried already");
            }

            job = retried.Job;
        }
        catch (InvalidOperationException ex)
        {
            return ActionResult.Failed(ex.Message);
        }

        LogAction(logger, "retry", job.App, jobId);
        return ActionResult.Done($"Job {jobId} ({job.App}) moved back to the sync queue.");
    }

    /// <summary>Sweeps <paramref name="app"/> for drift now (healing it when the app self-heals, as the timer does).</summary>
    public async Task<ActionResult> SweepAsync(string app, CancellationToken cancellationToken)
    {
        if (await status.GetAppAsync(app, cancellationToken) is not { } view)
        {
            return ActionResult.Failed($"app '{app}' is unknown: it never synced");
        }

        AppDriftReport? report;
        try
        {
            report = await sweeper.SweepOneAsync(view.Source, app, cancellationToken);
        }
        catch (Exception ex) when (ex is SourceException or AppDefinitionException)
        {
            return ActionResult.Failed($"the sweep could not read source '{view.Source}': {ex.Message}");
        }

        if (report is null)
        {
            return ActionResult.Failed($"source '{view.Source}' no longer declares app '{app}' at its head");
        }

        LogAction(logger, "sweep", app, report.JobId);
        return report.State == DriftState.Error ? ActionResult.Failed("Sweep failed: " + report.Error) : ActionResult.Done("Swept: " + report.Summary);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Dashboard action {Action} on app {App} (job {JobId})")]
    private static partial void LogAction(ILogger logger, string action, string app, string? jobId);
}

/// <summary>What an action did, in words for the page.</summary>
public sealed record ActionResult(bool Succeeded, string Message)
{
    public static ActionResult Done(string message) => new(true, message);

    public static ActionResult Failed(string message) => new(false, message);
}
