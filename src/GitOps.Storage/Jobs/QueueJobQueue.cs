using GitOps.Engine.Jobs;
using GitOps.Storage.Errors;
using GitOps.Storage.Queues;

namespace GitOps.Storage.Jobs;

/// <summary>The engine's job queue over a Storage queue: one SyncJob per message as compact JSON (messageEncoding none).</summary>
public sealed class QueueJobQueue : IJobQueue
{
    /// <summary>The sync queue's default name.</summary>
    public const string DefaultQueueName = "gitops-sync";

    private readonly IQueueClient _queue;

    /// <summary>Uses the given queue.</summary>
    public QueueJobQueue(IQueueClient queue) => _queue = queue ?? throw new ArgumentNullException(nameof(queue));

    /// <summary>Uses the named queue (default gitops-sync) of the account.</summary>
    public QueueJobQueue(IQueueServiceClient service, string queueName = DefaultQueueName)
        : this((service ?? throw new ArgumentNullException(nameof(service))).GetQueueClient(queueName))
    {
    }

    /// <summary>The queue's name.</summary>
    public string QueueName => _queue.Name;

    /// <summary>Creates the queue if it does not exist (call at start-up).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => _queue.CreateIfNotExistsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var text = SyncJobCodec.Serialize(job);
        try
        {
            await _queue.SendMessageAsync(text, delay, timeToLive: null, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            // A queue deleted or never created must not lose the job: create it and put once more.
            await _queue.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await _queue.SendMessageAsync(text, delay, timeToLive: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
