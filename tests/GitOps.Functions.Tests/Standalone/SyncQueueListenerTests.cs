using System.Collections.Concurrent;
using GitOps.Engine.Jobs;
using GitOps.Functions.Tests.Support;
using GitOps.Storage.Queues;
using GitOps.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Tests.Standalone;

/// <summary>The standalone queue listener in process against real Azurite, with counting around the real queue client.</summary>
public sealed class SyncQueueListenerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly TestStorage storage = new(azurite.ConnectionString);

    private TestStorage Storage => storage;

    [Fact]
    public async Task Listener_JobSucceeds_DeletesItsMessageExactlyOnce()
    {
        var counting = new CountingQueueServiceClient(Storage.Queues);
        var handler = new DelegateSyncJobHandler();
        var job = TestJobs.Create();
        SendReceipt receipt;
        await using (var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, handler,
            configure: s => s.AddSingleton<IQueueServiceClient>(counting)))
        {
            receipt = await Storage.Queue("gitops-sync").SendMessageAsync(SyncJobCodec.Serialize(job));

            await Eventually.TrueAsync(() => Task.FromResult(counting.Deletes.ContainsKey(receipt.MessageId)), "the message to be deleted");
            var record = await Eventually.ValueAsync(async () => await Storage.Jobs.GetAsync(job.JobId) is { State: JobState.Succeeded } r ? r : null, "the job to succeed");

            Assert.Equal(1, record.Attempts);
            Assert.Single(handler.Calls, c => c.Job.JobId == job.JobId);
        }

        // After the host stopped: the message was deleted once, never twice.
        Assert.Equal(1, counting.Deletes[receipt.MessageId]);
    }

    [Fact]
    public async Task Listener_DequeueCountAboveMaximumOnFetch_GoesToPoisonWithoutRunning()
    {
        var queue = Storage.Queue("gitops-sync");
        await queue.CreateIfNotExistsAsync();
        var job = TestJobs.Create();
        var text = SyncJobCodec.Serialize(job);
        await queue.SendMessageAsync(text);

        // Deliver it five times by hand (no listener yet): each receive counts, each update makes it visible again.
        for (var i = 0; i < 5; i++)
        {
            var message = await Eventually.ValueAsync(async () => (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).FirstOrDefault(), "the message to be visible again");
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, TimeSpan.Zero);
        }

        var handler = new DelegateSyncJobHandler();
        await using var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, handler);
        var record = await Eventually.ValueAsync(async () => await Storage.Jobs.GetAsync(job.JobId) is { State: JobState.Poisoned } r ? r : null, "the job to be poisoned");
        var poisoned = await Eventually.ValueAsync(async () => (await Storage.Queue("gitops-sync-poison").PeekMessagesAsync(32)).FirstOrDefault(m => m.Text == text), "the poison message");

        Assert.Empty(handler.Calls);
        Assert.Equal(6, record.Attempts);
        Assert.Contains("Dequeue count 6 exceeds maxDequeueCount 5", record.Error, StringComparison.Ordinal);
        Assert.Equal(text, poisoned.Text);
    }

    [Fact]
    public async Task Listener_EnqueueThroughJobQueue_WakesTheIdleListener()
    {
        var handler = new DelegateSyncJobHandler();
        var job = TestJobs.Create();

        // A one-hour polling interval: only the in-process wake signal can make the listener look again in time.
        await using var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, handler,
            settings: new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "01:00:00" });
        await Eventually.TrueAsync(async () => (await Storage.Queues.ListQueuesAsync("gitops-sync")).Contains("gitops-sync-poison"), "the listener to create its queues");
        await host.Services.GetRequiredService<IJobQueue>().EnqueueAsync(job);

        await Eventually.TrueAsync(() => Task.FromResult(handler.Calls.Any(c => c.Job.JobId == job.JobId)), "the job to be handled", TimeSpan.FromSeconds(30));
    }
}

/// <summary>Counts deletes per message id around the real queue clients (a decorator, not a mock).</summary>
internal sealed class CountingQueueServiceClient(IQueueServiceClient inner) : IQueueServiceClient
{
    public ConcurrentDictionary<string, int> Deletes { get; } = new();

    public IQueueClient GetQueueClient(string queueName) => new CountingQueueClient(inner.GetQueueClient(queueName), Deletes);

    public Task<IReadOnlyList<string>> ListQueuesAsync(string? prefix = null, CancellationToken cancellationToken = default) => inner.ListQueuesAsync(prefix, cancellationToken);

    private sealed class CountingQueueClient(IQueueClient inner, ConcurrentDictionary<string, int> deletes) : IQueueClient
    {
        public string Name => inner.Name;

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

        public Task<SendReceipt> SendMessageAsync(string text, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(text, visibilityDelay, timeToLive, cancellationToken);

        public Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken);

        public Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages, CancellationToken cancellationToken = default) => inner.PeekMessagesAsync(maxMessages, cancellationToken);

        public Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? text = null, CancellationToken cancellationToken = default) =>
            inner.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout, text, cancellationToken);

        public async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
        {
            deletes.AddOrUpdate(messageId, 1, (_, n) => n + 1);
            await inner.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
        }

        public Task<int> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default) => inner.GetApproximateMessageCountAsync(cancellationToken);
    }
}
