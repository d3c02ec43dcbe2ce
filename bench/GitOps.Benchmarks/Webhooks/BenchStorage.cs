using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Storage;
using GitOps.Storage.Queues;
using GitOps.Storage.Tables;
using GitOps.Storage.Webhooks;
using GitOps.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks.Webhooks;

/// <summary>One Azurite with the queue, job table and delivery table the webhook writes to.</summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly AzuriteInstance _azurite;
    private readonly StorageAccount _account;

    private BenchStorage(AzuriteInstance azurite)
    {
        _azurite = azurite;
        _account = StorageAccount.FromConnectionString(azurite.ConnectionString);
    }

    public static async Task<BenchStorage> StartAsync()
    {
        var storage = new BenchStorage(await AzuriteInstance.StartAsync().ConfigureAwait(false));
        await storage.Queue("gitops-sync").CreateIfNotExistsAsync().ConfigureAwait(false);
        await storage._account.Tables.GetTableClient("GitOpsJobs").CreateIfNotExistsAsync().ConfigureAwait(false);
        return storage;
    }

    public IQueueClient Queue(string name) => _account.Queues.GetQueueClient(name);

    /// <summary>Registers the real queue, a job table and the table delivery log.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ITableServiceClient>(_account.Tables);
        services.AddSingleton<IJobQueue>(new QueueJobQueue(Queue("gitops-sync")));
        services.AddSingleton<IJobStore>(new TableJobStore(_account.Tables.GetTableClient("GitOpsJobs")));
        services.AddSingleton<IDeliveryLog>(new TableDeliveryLog(_account.Tables.GetTableClient(TableDeliveryLog.DefaultTableName), TimeProvider.System, TimeSpan.FromHours(24), TimeSpan.FromMinutes(2)));
    }

    public ValueTask DisposeAsync() => _azurite.DisposeAsync();

    private sealed class QueueJobQueue(IQueueClient queue) : IJobQueue
    {
        public Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
            => queue.SendMessageAsync(SyncJobCodec.Serialize(job), delay, null, cancellationToken);
    }

    /// <summary>One upsert per record, like a table-backed job store (the bench measures the request, not the schema).</summary>
    private sealed class TableJobStore(ITableClient table) : IJobStore
    {
        public Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
            => table.UpsertEntityAsync(new TableEntity(record.App, record.JobId)
            {
                ["Source"] = record.Source, ["State"] = record.State.ToString(), ["Reason"] = record.Reason.ToString(),
                ["QueuedAt"] = record.QueuedAt, ["DeliveryId"] = record.DeliveryId, ["Commit"] = record.Commit,
            }, TableUpdateMode.Replace, cancellationToken);

        public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) => throw new NotSupportedException("Not used by the bench.");

        public Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default) => throw new NotSupportedException("Not used by the bench.");
    }
}
