using GitOps.Engine.Jobs;
using GitOps.Storage;
using GitOps.Storage.Jobs;
using Azure.Storage.Queues;

namespace GitOps.EndToEnd.Tests.Support;

/// <summary>The real storage clients on a test's Azurite.</summary>
public sealed class TestStorage(string connectionString)
{
    private readonly StorageAccount account = StorageAccount.FromConnectionString(connectionString);

    public QueueClient Queue(string name) => account.Queues.GetQueueClient(name);

    public IJobStore Jobs => new TableJobStore(account.Tables);
}
