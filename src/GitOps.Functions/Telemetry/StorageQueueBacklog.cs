using Azure;
using Azure.Storage.Queues;
using GitOps.Engine.Telemetry;
using GitOps.Functions.Hosting;

namespace GitOps.Functions.Telemetry;

/// <summary>Reads the sync queue and its poison queue: the approximate count and one peek each (four requests per reading).</summary>
/// <remarks>
/// A peek shows the message at the head, which is the oldest visible one as far as a Storage queue keeps order; messages
/// hidden by a visibility delay (resumes, retries) are counted in the length but not aged.
/// </remarks>
public sealed class StorageQueueBacklog(QueueServiceClient queues, TimeProvider time) : IQueueBacklog
{
    private static readonly string[] Names = [FunctionNames.SyncQueue, FunctionNames.SyncPoisonQueue];

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueBacklog>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var readings = await Task.WhenAll(Names.Select(name => ReadAsync(queues.GetQueueClient(name), cancellationToken))).ConfigureAwait(false);
        return [.. readings.OfType<QueueBacklog>()];
    }

    private async Task<QueueBacklog?> ReadAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        try
        {
            var length = (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
            var head = length == 0 ? [] : (await queue.PeekMessagesAsync(1, cancellationToken).ConfigureAwait(false)).Value;
            return new QueueBacklog(queue.Name, length, head is [{ InsertedOn: { } inserted }, ..] ? time.GetUtcNow() - inserted : null);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            // The poison queue exists only once something was poisoned.
            return new QueueBacklog(queue.Name, 0, null);
        }
    }
}
