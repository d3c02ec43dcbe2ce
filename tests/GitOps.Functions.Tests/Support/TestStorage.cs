using GitOps.Engine.Jobs;
using GitOps.Storage;
using GitOps.Storage.Jobs;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace GitOps.Functions.Tests.Support;

/// <summary>The real storage clients on a test's Azurite.</summary>
internal sealed class TestStorage(string connectionString)
{
    private readonly StorageAccount account = StorageAccount.FromConnectionString(connectionString);

    public QueueServiceClient Queues => account.Queues;

    public QueueClient Queue(string name) => account.Queues.GetQueueClient(name);

    public TableClient Table(string name) => account.Tables.GetTableClient(name);

    /// <summary>The job records in the GitOpsJobs table.</summary>
    public IJobStore Jobs => new TableJobStore(account.Tables);
}
