using System.Globalization;
using Azure.Core;
using GitOps.Storage.Errors;
using GitOps.Storage.Pipeline;

namespace GitOps.Storage.Queues;

/// <summary>One queue over the Queue service REST API (docs/architecture.md, platform facts); messages are plain XML-escaped text.</summary>
public sealed class QueueClient : IQueueClient
{
    private const int MaxVisibilitySeconds = 7 * 24 * 3600;

    private readonly StorageRequestSender _sender;
    private readonly Uri _queueUri;
    private readonly Uri _messagesUri;

    internal QueueClient(StorageRequestSender sender, string name)
    {
        QueueNames.Validate(name);
        _sender = sender;
        Name = name;
        _queueUri = new Uri(sender.Endpoint.AbsoluteUri.TrimEnd('/') + "/" + name);
        _messagesUri = new Uri(_queueUri.AbsoluteUri + "/messages");
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The queue's URL (no credentials).</summary>
    public Uri Uri => _queueUri;

    /// <inheritdoc />
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Put, _queueUri);
        var response = await _sender.SendAsync(message, "Create queue", Name, cancellationToken).ConfigureAwait(false);
        // 201 created, 204 exists with the same metadata, 409 QueueAlreadyExists: all mean the queue is there.
        if (response.Status is not (201 or 204 or 409))
        {
            throw StorageErrors.FromResponse(response, "Create queue", Name);
        }
    }

    /// <summary>Deletes the queue; returns false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Delete, _queueUri);
        var response = await _sender.SendAsync(message, "Delete queue", Name, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            >= 200 and < 300 => true,
            404 => false,
            _ => throw StorageErrors.FromResponse(response, "Delete queue", Name),
        };
    }

    /// <summary>Deletes every message in the queue.</summary>
    public async Task ClearMessagesAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Delete, _messagesUri);
        await _sender.SendCheckedAsync(message, "Clear messages of queue", Name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SendReceipt> SendMessageAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var message = Create(RequestMethod.Post, _messagesUri);
        if (visibilityDelay is { } delay)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(delay, 0, nameof(visibilityDelay)), escapeValue: false);
        }

        if (timeToLive is { } ttl)
        {
            var value = ttl < TimeSpan.Zero ? "-1" : ((long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            message.Request.Uri.AppendQuery("messagettl", value, escapeValue: false);
        }

        SetXmlBody(message.Request, text);
        var response = await _sender.SendCheckedAsync(message, "Put message on queue", Name, cancellationToken).ConfigureAwait(false);
        var item = QueueXml.ReadMessages(response.ContentStream!) is [var first, ..] ? first : throw new FormatException($"Put message on queue '{Name}' returned no message.");
        return new SendReceipt(
            QueueXml.Require(item, "MessageId"),
            QueueXml.Require(item, "PopReceipt"),
            QueueXml.ParseDate(item, "InsertionTime"),
            QueueXml.ParseDate(item, "ExpirationTime"),
            QueueXml.ParseDate(item, "TimeNextVisible"));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using var message = Create(RequestMethod.Get, _messagesUri);
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, 1, nameof(visibilityTimeout)), escapeValue: false);
        var response = await _sender.SendCheckedAsync(message, "Get messages from queue", Name, cancellationToken).ConfigureAwait(false);
        var items = QueueXml.ReadMessages(response.ContentStream!);
        var result = new List<QueueMessage>(items.Count);
        foreach (var item in items)
        {
            result.Add(new QueueMessage(
                QueueXml.Require(item, "MessageId"),
                QueueXml.Require(item, "PopReceipt"),
                item.GetValueOrDefault("MessageText", ""),
                long.Parse(item.GetValueOrDefault("DequeueCount", "0"), CultureInfo.InvariantCulture),
                QueueXml.ParseDate(item, "InsertionTime"),
                QueueXml.ParseDate(item, "ExpirationTime"),
                QueueXml.ParseDate(item, "TimeNextVisible")));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using var message = Create(RequestMethod.Get, _messagesUri);
        message.Request.Uri.AppendQuery("peekonly", "true", escapeValue: false);
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        var response = await _sender.SendCheckedAsync(message, "Peek messages of queue", Name, cancellationToken).ConfigureAwait(false);
        var items = QueueXml.ReadMessages(response.ContentStream!);
        var result = new List<PeekedMessage>(items.Count);
        foreach (var item in items)
        {
            result.Add(new PeekedMessage(
                QueueXml.Require(item, "MessageId"),
                item.GetValueOrDefault("MessageText", ""),
                long.Parse(item.GetValueOrDefault("DequeueCount", "0"), CultureInfo.InvariantCulture),
                QueueXml.ParseDate(item, "InsertionTime"),
                QueueXml.ParseDate(item, "ExpirationTime")));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? text = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var message = Create(RequestMethod.Put, MessageUri(messageId));
        message.Request.Uri.AppendQuery("popreceipt", Uri.EscapeDataString(popReceipt), escapeValue: false);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, 0, nameof(visibilityTimeout)), escapeValue: false);
        if (text is not null)
        {
            SetXmlBody(message.Request, text);
        }

        var response = await _sender.SendCheckedAsync(message, "Update message of queue", $"{Name}/{messageId}", cancellationToken).ConfigureAwait(false);
        var receipt = response.Headers.TryGetValue("x-ms-popreceipt", out var r) ? r : throw new FormatException($"Update message of queue '{Name}' returned no x-ms-popreceipt.");
        var next = response.Headers.TryGetValue("x-ms-time-next-visible", out var t) ? QueueXml.ParseDate(t) : default;
        return new UpdateReceipt(receipt, next);
    }

    /// <inheritdoc />
    public async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using var message = Create(RequestMethod.Delete, MessageUri(messageId));
        message.Request.Uri.AppendQuery("popreceipt", Uri.EscapeDataString(popReceipt), escapeValue: false);
        await _sender.SendCheckedAsync(message, "Delete message of queue", $"{Name}/{messageId}", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = Create(RequestMethod.Get, _queueUri);
        message.Request.Uri.AppendQuery("comp", "metadata", escapeValue: false);
        var response = await _sender.SendCheckedAsync(message, "Get metadata of queue", Name, cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            ? int.Parse(count, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw new FormatException($"Get metadata of queue '{Name}' returned no x-ms-approximate-messages-count.");
    }

    private HttpMessage Create(RequestMethod method, Uri uri)
    {
        var message = _sender.CreateMessage(method);
        message.Request.Uri.Reset(uri);
        return message;
    }

    private Uri MessageUri(string messageId) => new(_messagesUri.AbsoluteUri + "/" + Uri.EscapeDataString(messageId));

    private static void SetXmlBody(Request request, string text)
    {
        // The exact Content-Type sent is the one signed (no charset suffix is added by RequestContent).
        request.Headers.SetValue("Content-Type", "application/xml");
        request.Content = RequestContent.Create(QueueXml.MessageBody(text));
    }

    private static string Seconds(TimeSpan value, int min, string parameter)
    {
        var seconds = (long)Math.Ceiling(value.TotalSeconds);
        if (seconds < min || seconds > MaxVisibilitySeconds)
        {
            throw new ArgumentOutOfRangeException(parameter, value, $"{parameter} must be between {min} s and 7 days.");
        }

        return seconds.ToString(CultureInfo.InvariantCulture);
    }
}
