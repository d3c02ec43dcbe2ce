using Azure.Data.Tables;
using Azure.Storage.Queues;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Deliveries;
using Azure.Core;
using Azure.Core.Pipeline;
using GitOps.Storage;
using GitOps.Storage.Accounts;
using GitOps.Storage.Jobs;
using GitOps.Storage.Webhooks;
using GitOps.Testing.Azurite;
using GitOps.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks.Webhooks;

/// <summary>One Azurite with the product's own job queue, job store (GitOpsJobs) and delivery log (GitOpsDeliveries).</summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly AzuriteInstance _azurite;
    private readonly StorageAccount _account;

    private readonly RequestCounter _requests = new();

    private BenchStorage(AzuriteInstance azurite)
    {
        _azurite = azurite;
        _account = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientOptions().AddPolicy(_requests, HttpPipelinePosition.PerRetry));
    }

    /// <summary>Storage requests sent so far (every attempt), by every client of this account.</summary>
    public long Requests => _requests.Count;

    public static async Task<BenchStorage> StartAsync()
    {
        var storage = new BenchStorage(await AzuriteInstance.StartAsync().ConfigureAwait(false));
        await storage.Queue(QueueJobQueue.DefaultQueueName).CreateIfNotExistsAsync().ConfigureAwait(false);
        await storage.Table(TableJobStore.DefaultTableName).CreateIfNotExistsAsync().ConfigureAwait(false);
        await storage.Table(TableDeliveryLog.DefaultTableName).CreateIfNotExistsAsync().ConfigureAwait(false);
        return storage;
    }

    public QueueClient Queue(string name) => _account.Queues.GetQueueClient(name);

    public TableClient Table(string name) => _account.Tables.GetTableClient(name);

    /// <summary>
    /// Registers the real queue and, unless <paramref name="inMemoryRecords"/>, the real job table and delivery log.
    /// In memory, the run shows what the webhook path costs with no table writes at all: the floor the tables add to.
    /// </summary>
    public void Register(IServiceCollection services, bool inMemoryRecords)
    {
        services.AddSingleton(_account.Tables);
        services.AddSingleton<IJobQueue>(new QueueJobQueue(Queue(QueueJobQueue.DefaultQueueName)));
        if (inMemoryRecords)
        {
            services.AddSingleton<IJobStore>(new InMemoryJobStore());
            services.AddSingleton<IDeliveryLog>(new InMemoryDeliveryLog());
            return;
        }

        services.AddSingleton<IJobStore>(new TableJobStore(Table(TableJobStore.DefaultTableName)));
        services.AddSingleton<IDeliveryLog>(new TableDeliveryLog(Table(TableDeliveryLog.DefaultTableName), TimeSpan.FromHours(24), TimeSpan.FromMinutes(2)));
    }

    /// <summary>CPU time Azurite has used so far: the bench divides it by the deliveries (noise-free next to throughput).</summary>
    public TimeSpan AzuriteCpu => _azurite.TotalProcessorTime;

    public ValueTask DisposeAsync() => _azurite.DisposeAsync();
}

/// <summary>Counts the requests a storage client sends (the bench reports requests per delivery).</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
