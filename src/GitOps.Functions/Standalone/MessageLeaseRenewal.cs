using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Standalone;

/// <summary>Keeps a fetched message invisible while its job runs: Update Message with the lease at half the lease (PLATFORM.md §B).</summary>
public sealed partial class MessageLeaseRenewal : IAsyncDisposable
{
    private readonly QueueClient queue;
    private readonly string messageId;
    private readonly TimeSpan lease;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private string popReceipt;

    private MessageLeaseRenewal(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        this.queue = queue;
        messageId = message.MessageId;
        popReceipt = message.PopReceipt;
        this.lease = lease;
        this.time = time;
        this.logger = logger;
        loop = Task.Run(RenewLoopAsync);
    }

    /// <summary>How many renewals succeeded.</summary>
    public int Renewals { get; private set; }

    /// <summary>Starts renewing a message's visibility.</summary>
    public static MessageLeaseRenewal Start(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger) =>
        new(queue, message, lease, time, logger);

    /// <summary>Stops renewing and returns the current pop receipt (each update issues a new one).</summary>
    public async Task<string> StopAsync()
    {
        await stop.CancelAsync();
        await loop;
        return popReceipt;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        var interval = lease / 2;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop.Token);
                UpdateReceipt receipt = await queue.UpdateMessageAsync(messageId, popReceipt, (string?)null, lease, stop.Token);
                popReceipt = receipt.PopReceipt;
                Renewals++;
                LogRenewed(logger, messageId, receipt.NextVisibleOn);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StorageErrors.IsMessageGone(ex))
            {
                LogLost(logger, messageId, ex.Message);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A transient failure: try again at the next interval; the lease still has half its time left.
                LogRenewFailed(logger, messageId, ex);
            }
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Message {MessageId} lease renewed until {NextVisible}")]
    private static partial void LogRenewed(ILogger logger, string messageId, DateTimeOffset nextVisible);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Message {MessageId} is no longer ours, renewal stopped: {Reason}")]
    private static partial void LogLost(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 212, Level = LogLevel.Warning, Message = "Message {MessageId} lease renewal failed; retrying")]
    private static partial void LogRenewFailed(ILogger logger, string messageId, Exception exception);
}
