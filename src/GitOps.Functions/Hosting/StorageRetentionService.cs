using GitOps.Storage.Jobs;
using GitOps.Storage.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>
/// The retention pass, off the webhook path: every <see cref="StorageRetentionOptions.Interval"/> it deletes delivery rows
/// and job records older than the window, in bounded batches. Instances may run it at once: deletes are idempotent.
/// </summary>
public sealed partial class StorageRetentionService(
    TableDeliveryLog deliveries, TableJobStore jobs, IOptions<StorageRetentionOptions> options, TimeProvider time, ILogger<StorageRetentionService> logger)
    : BackgroundService
{
    /// <summary>Runs one pass now: deletes up to the configured batches from each table; returns the rows and jobs deleted.</summary>
    public async Task<(int Deliveries, int Jobs)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow() - settings.Window;
        var deletedDeliveries = await InBatchesAsync(max => deliveries.DeleteWrittenBeforeAsync(cutoff, max, cancellationToken), settings);
        var deletedJobs = await InBatchesAsync(max => jobs.DeleteQueuedBeforeAsync(cutoff, max, cancellationToken), settings);
        if (deletedDeliveries + deletedJobs > 0)
        {
            LogDeleted(logger, deletedDeliveries, deletedJobs, cutoff);
        }

        return (deletedDeliveries, deletedJobs);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    private static async Task<int> InBatchesAsync(Func<int, Task<int>> deleteBatch, StorageRetentionOptions settings)
    {
        var total = 0;
        for (var batch = 0; batch < settings.MaxBatchesPerPass; batch++)
        {
            var deleted = await deleteBatch(settings.BatchSize);
            total += deleted;
            if (deleted < settings.BatchSize)
            {
                break;
            }
        }

        return total;
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Retention: deleted {Deliveries} delivery rows and {Jobs} job records older than {Cutoff}")]
    private static partial void LogDeleted(ILogger logger, int deliveries, int jobs, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Retention pass failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
