using GitOps.Storage.Jobs;
using GitOps.Storage.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Hosting;

/// <summary>Creates the job table at startup, in the background so that a slow or absent storage account never delays readiness.</summary>
/// <remarks>If it fails, the first job record write fails too, and that attempt is retried like any failed job.</remarks>
public sealed partial class StorageInitializer(ITableServiceClient tables, ILogger<StorageInitializer> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await tables.GetTableClient(TableJobStore.DefaultTableName).CreateIfNotExistsAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, TableJobStore.DefaultTableName, ex);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Could not create table {Table} at startup")]
    private static partial void LogFailed(ILogger logger, string table, Exception exception);
}
