using GitOps.Functions.Hosting;
using GitOps.Functions.Triggers;
using Microsoft.Azure.WebJobs;

namespace GitOps.Cli.Serve;

/// <summary>The drift sweep on the WebJobs timer trigger, with the schedule the Function App's timer binding resolves (GitOps:DriftSchedule).</summary>
public sealed class DriftTimerFunction(DriftTrigger trigger)
{
    /// <summary>One tick of the drift schedule.</summary>
    [FunctionName(FunctionNames.Drift)]
    public Task RunAsync([TimerTrigger(FunctionNames.DriftSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return trigger.RunAsync(timer.IsPastDue, cancellationToken);
    }
}
