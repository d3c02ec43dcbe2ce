using GitOps.Functions.Hosting;
using GitOps.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GitOps.FunctionApp.Functions;

/// <summary>The drift sweep on its NCRONTAB schedule, read from the setting GitOps:DriftSchedule (app setting GitOps__DriftSchedule).</summary>
public sealed class DriftFunction(DriftTrigger trigger)
{
    /// <summary>One tick: sweep every app.</summary>
    [Function(FunctionNames.Drift)]
    public Task RunAsync([TimerTrigger(FunctionNames.DriftSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return trigger.RunAsync(timer.IsPastDue, cancellationToken);
    }
}
