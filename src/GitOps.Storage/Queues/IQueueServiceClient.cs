namespace GitOps.Storage.Queues;

/// <summary>The queue service of one storage account.</summary>
public interface IQueueServiceClient
{
    /// <summary>A client for one queue (no request is made).</summary>
    IQueueClient GetQueueClient(string queueName);

    /// <summary>Lists queue names, following continuation markers.</summary>
    Task<IReadOnlyList<string>> ListQueuesAsync(string? prefix = null, CancellationToken cancellationToken = default);
}
