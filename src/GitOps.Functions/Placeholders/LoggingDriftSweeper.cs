using GitOps.Engine.Drift;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Placeholders;

/// <summary>Placeholder drift body until the real sweeper lands: logs and returns.</summary>
public sealed partial class LoggingDriftSweeper(ILogger<LoggingDriftSweeper> logger) : IDriftSweeper
{
    /// <inheritdoc />
    public Task SweepAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        Log(logger, isPastDue);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Placeholder drift sweeper ran (past due: {IsPastDue}), nothing checked")]
    private static partial void Log(ILogger logger, bool isPastDue);
}
