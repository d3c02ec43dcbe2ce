namespace GitOps.Storage.Queues;

/// <summary>One Azure Storage queue (REST, docs/architecture.md, platform facts), shaped like Azure.Storage.Queues' QueueClient.</summary>
public interface IQueueClient
{
    /// <summary>The queue's name.</summary>
    string Name { get; }

    /// <summary>Creates the queue; succeeds when it already exists.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts a message. <paramref name="visibilityDelay"/> hides it at first; <paramref name="timeToLive"/> null = service default (7 days), negative = never expires.</summary>
    Task<SendReceipt> SendMessageAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default);

    /// <summary>Gets up to <paramref name="maxMessages"/> (1..32) messages, hiding them for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Peeks up to <paramref name="maxMessages"/> (1..32) visible messages without hiding them.</summary>
    Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages, CancellationToken cancellationToken = default);

    /// <summary>Changes a message's visibility (and optionally its text); returns the new pop receipt.</summary>
    Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? text = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a message.</summary>
    Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default);

    /// <summary>The service's approximate message count.</summary>
    Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default);
}

/// <summary>A received message.</summary>
public sealed record QueueMessage(string MessageId, string PopReceipt, string Text, long DequeueCount, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn);

/// <summary>A peeked message (no pop receipt).</summary>
public sealed record PeekedMessage(string MessageId, string Text, long DequeueCount, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn);

/// <summary>The result of a put.</summary>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset InsertedOn, DateTimeOffset ExpiresOn, DateTimeOffset NextVisibleOn);

/// <summary>The result of an update.</summary>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);
