using GitOps.Engine.Drift;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Triggers;

/// <summary>The drift function's body for both hosts: one sweep per timer tick.</summary>
/// <remarks>A failure propagates to the host, which records the invocation as failed and keeps the schedule.</remarks>
public sealed partial class DriftTrigger(IDriftSweeper sweeper, ILogger<DriftTrigger> logger)
{
    /// <summary>Sweeps every app once; <paramref name="isPastDue"/> is the timer's flag for a missed occurrence.</summary>
    public async Task RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        LogStarted(logger, isPastDue);
        await sweeper.SweepAsync(isPastDue, cancellationToken);
        LogFinished(logger);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Drift sweep started (past due: {IsPastDue})")]
    private static partial void LogStarted(ILogger logger, bool isPastDue);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Drift sweep finished")]
    private static partial void LogFinished(ILogger logger);
}
