using GitOps.Engine.Jobs;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Placeholders;

/// <summary>Placeholder sync body until the real sync lands: logs the job and succeeds.</summary>
public sealed partial class LoggingSyncJobHandler(ILogger<LoggingSyncJobHandler> logger) : ISyncJobHandler
{
    /// <inheritdoc />
    public Task HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Log(logger, job.JobId, job.Source, job.App, job.Reason);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Placeholder sync handler: job {JobId} for {Source}/{App} ({Reason}) accepted, nothing applied")]
    private static partial void Log(ILogger logger, string jobId, string source, string app, SyncReason reason);
}
