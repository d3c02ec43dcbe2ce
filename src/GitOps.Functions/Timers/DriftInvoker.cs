using GitOps.Engine.Drift;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Timers;

/// <summary>Runs the drift function body once in either mode; a failure is logged and reported, never thrown (timers do not retry).</summary>
public sealed partial class DriftInvoker(IDriftSweeper sweeper, ILogger<DriftInvoker> logger)
{
    /// <summary>Sweeps once; returns null on success or the failure reason.</summary>
    public async Task<string?> RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        LogStarted(logger, isPastDue);
        try
        {
            await sweeper.SweepAsync(isPastDue, cancellationToken);
            LogSucceeded(logger);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
            return $"The drift sweep failed: {ex.Message}";
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Drift sweep started (past due: {IsPastDue})")]
    private static partial void LogStarted(ILogger logger, bool isPastDue);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Drift sweep finished")]
    private static partial void LogSucceeded(ILogger logger);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Drift sweep failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
