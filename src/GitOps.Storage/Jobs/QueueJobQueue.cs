using Azure;
using Azure.Storage.Queues;
using GitOps.Engine.Jobs;

namespace GitOps.Storage.Jobs;

/// <summary>The engine's job queue over a Storage queue: one SyncJob per message as compact JSON (messageEncoding none).</summary>
public sealed class QueueJobQueue(QueueClient queue) : IJobQueue
{
    /// <summary>The sync queue's default name.</summary>
    public const string DefaultQueueName = "gitops-sync";

    /// <summary>The sync queue's poison queue, where the queue trigger moves a message after maxDequeueCount failures.</summary>
    public const string PoisonQueueName = DefaultQueueName + "-poison";

    /// <summary>Uses the named queue (default gitops-sync) of the account.</summary>
    public QueueJobQueue(QueueServiceClient service, string queueName = DefaultQueueName)
        : this((service ?? throw new ArgumentNullException(nameof(service))).GetQueueClient(queueName))
    {
    }

    /// <summary>The queue's name.</summary>
    public string QueueName => queue.Name;

    /// <summary>Creates the queue if it does not exist (call at start-up).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var text = SyncJobCodec.Serialize(job);
        try
        {
            await queue.SendMessageAsync(text, delay, timeToLive: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            // A queue deleted or never created must not lose the job: create it and put once more.
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(text, delay, timeToLive: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
