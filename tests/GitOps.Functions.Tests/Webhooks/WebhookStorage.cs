using GitOps.Engine.Jobs;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using GitOps.Storage;
using GitOps.Storage.Accounts;
using GitOps.Storage.Webhooks;
using GitOps.Testing.Azurite;

namespace GitOps.Functions.Tests.Webhooks;

/// <summary>The real storage pieces the webhook writes to, on one Azurite instance (short retry budget so faults surface fast).</summary>
internal sealed class WebhookStorage
{
    private WebhookStorage(StorageAccount account, string queueName)
    {
        SyncQueue = account.Queues.GetQueueClient(queueName);
        JobQueue = new QueueJobQueue(SyncQueue);
        DeliveriesTable = account.Tables.GetTableClient(TableDeliveryLog.DefaultTableName);
        DeliveryLog = new TableDeliveryLog(DeliveriesTable, TimeSpan.FromHours(24), TimeSpan.FromMinutes(2));
    }

    /// <summary>The GitOpsDeliveries table.</summary>
    public TableClient DeliveriesTable { get; }

    /// <summary>The table-backed delivery log.</summary>
    public TableDeliveryLog DeliveryLog { get; }

    /// <summary>The sync queue.</summary>
    public QueueClient SyncQueue { get; }

    /// <summary>IJobQueue over the real queue.</summary>
    public IJobQueue JobQueue { get; }

    /// <summary>Clients on <paramref name="azurite"/> with a fresh sync queue (tests sharing an instance do not see each other's jobs).</summary>
    public static async Task<WebhookStorage> ForAsync(AzuriteInstance azurite)
    {
        var options = new StorageClientOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(100), NetworkTimeout = TimeSpan.FromSeconds(10) };
        var storage = new WebhookStorage(StorageAccount.FromConnectionString(azurite.ConnectionString, options), "sync-" + Guid.NewGuid().ToString("N")[..12]);
        await storage.SyncQueue.CreateIfNotExistsAsync();
        await storage.DeliveriesTable.CreateIfNotExistsAsync();
        return storage;
    }

    /// <summary>The job queue port as the webhook uses it: one put per job, the codec's JSON as the message text.</summary>
    private sealed class QueueJobQueue(QueueClient queue) : IJobQueue
    {
        public Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
            => queue.SendMessageAsync(SyncJobCodec.Serialize(job), delay, null, cancellationToken);
    }
}
