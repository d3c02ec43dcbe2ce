using GitOps.Storage;
using GitOps.Storage.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Hosting;

/// <summary>Creates the queues and tables at startup, in the background so that a slow or absent storage account never delays readiness.</summary>
/// <remarks>
/// Creating them here keeps the existence checks off every write path. If it fails, each store creates its table on the
/// first write that finds it missing, and the job queue its queue on the first put.
/// </remarks>
public sealed partial class StorageInitializer(StorageAccount account, ILogger<StorageInitializer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string[] queues = [QueueJobQueue.DefaultQueueName, QueueJobQueue.PoisonQueueName];
        return Task.WhenAll(
            StorageRegistration.TableNames.Select(table => CreateAsync("table", table, ct => account.Tables.GetTableClient(table).CreateIfNotExistsAsync(ct), stoppingToken))
                .Concat(queues.Select(queue => CreateAsync("queue", queue, ct => account.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct), stoppingToken))));
    }

    private async Task CreateAsync(string kind, string name, Func<CancellationToken, Task> create, CancellationToken stoppingToken)
    {
        try
        {
            await create(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, kind, name, ex);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Could not create {Kind} {Name} at startup")]
    private static partial void LogFailed(ILogger logger, string kind, string name, Exception exception);
}
