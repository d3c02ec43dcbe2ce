using System.Globalization;
using Azure.Core;
using GitOps.Storage.Pipeline;

namespace GitOps.Storage.Queues;

/// <summary>The Queue service of one account over REST: queue clients and List Queues with markers.</summary>
public sealed class QueueServiceClient : IQueueServiceClient
{
    private readonly StorageRequestSender _sender;

    internal QueueServiceClient(StorageRequestSender sender) => _sender = sender;

    /// <summary>The service endpoint (no credentials).</summary>
    public Uri Endpoint => _sender.Endpoint;

    /// <inheritdoc />
    public IQueueClient GetQueueClient(string queueName) => new QueueClient(_sender, queueName);

    /// <summary>A concrete client for one queue (adds delete and clear to <see cref="IQueueClient"/>).</summary>
    public QueueClient GetQueue(string queueName) => new(_sender, queueName);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListQueuesAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        ListQueuesAsync(prefix, pageSize: null, cancellationToken);

    /// <summary>Lists queue names page by page (<paramref name="pageSize"/> = maxresults, null = service default of 5000).</summary>
    public async Task<IReadOnlyList<string>> ListQueuesAsync(string? prefix, int? pageSize, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            using var message = _sender.CreateMessage(RequestMethod.Get);
            message.Request.Uri.AppendQuery("comp", "list", escapeValue: false);
            if (!string.IsNullOrEmpty(prefix))
            {
                message.Request.Uri.AppendQuery("prefix", Uri.EscapeDataString(prefix), escapeValue: false);
            }

            if (marker is not null)
            {
                message.Request.Uri.AppendQuery("marker", Uri.EscapeDataString(marker), escapeValue: false);
            }

            if (pageSize is { } size)
            {
                message.Request.Uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture), escapeValue: false);
            }

            var response = await _sender.SendCheckedAsync(message, "List queues of", Endpoint.GetLeftPart(UriPartial.Path), cancellationToken).ConfigureAwait(false);
            var (page, next) = QueueXml.ReadQueueList(response.ContentStream!);
            names.AddRange(page);
            marker = next;
        }
        while (marker is not null);

        return names;
    }
}
