using GitOps.Engine.Jobs;
using GitOps.Storage;
using GitOps.Storage.Jobs;
using GitOps.Storage.Queues;
using GitOps.Storage.Tables;

namespace GitOps.Functions.Tests.Support;

/// <summary>The real storage clients on a test's Azurite.</summary>
internal sealed class TestStorage(string connectionString)
{
    private readonly StorageAccount account = StorageAccount.FromConnectionString(connectionString);

    public IQueueServiceClient Queues => account.Queues;

    public IQueueClient Queue(string name) => account.Queues.GetQueueClient(name);

    public ITableClient Table(string name) => account.Tables.GetTableClient(name);

    /// <summary>The job records in the GitOpsJobs table.</summary>
    public IJobStore Jobs => new TableJobStore(account.Tables);
}
