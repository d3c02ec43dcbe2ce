using GitOps.Testing;
using System.Collections.Concurrent;
using GitOps.Engine.Jobs;
using GitOps.Functions.Tests.Support;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using GitOps.Storage;
using GitOps.Storage.Accounts;
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
        var counting = new CountingDeletes();
        var queues = StorageAccount.FromConnectionString(azurite.ConnectionString, new StorageClientOptions().AddPolicy(counting, HttpPipelinePosition.PerCall)).Queues;
        var handler = new DelegateSyncJobHandler();
        var job = TestJobs.Create();
        string messageId;
        await using (var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, handler,
            configure: s => s.AddSingleton(queues)))
        {
            messageId = (await Storage.Queue("gitops-sync").SendMessageAsync(SyncJobCodec.Serialize(job))).Value.MessageId;

            await Eventually.TrueAsync(() => Task.FromResult(counting.Deletes.ContainsKey(messageId)), "the message to be deleted");
            var record = await Eventually.ValueAsync(async () => await Storage.Jobs.GetAsync(job.JobId) is { State: JobState.Succeeded } r ? r : null, "the job to succeed");

            Assert.Equal(1, record.Attempts);
            Assert.Single(handler.Calls, c => c.Job.JobId == job.JobId);
        }

        // After the host stopped: the message was deleted once, never twice.
        Assert.Equal(1, counting.Deletes[messageId]);
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
            var message = await Eventually.ValueAsync(async () => (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value.FirstOrDefault(), "the message to be visible again");
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (string?)null, TimeSpan.Zero);
        }

        var handler = new DelegateSyncJobHandler();
        await using var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, handler);
        var record = await Eventually.ValueAsync(async () => await Storage.Jobs.GetAsync(job.JobId) is { State: JobState.Poisoned } r ? r : null, "the job to be poisoned");
        var poisoned = await Eventually.ValueAsync(async () => (await Storage.Queue("gitops-sync-poison").PeekMessagesAsync(32)).Value.FirstOrDefault(m => m.MessageText == text), "the poison message");

        Assert.Empty(handler.Calls);
        Assert.Equal(6, record.Attempts);
        Assert.Contains("Dequeue count 6 exceeds maxDequeueCount 5", record.Error, StringComparison.Ordinal);
        Assert.Equal(text, poisoned.MessageText);
    }

    [Fact]
    public async Task Listener_EnqueueThroughJobQueue_WakesTheIdleListener()
    {
        var handler = new DelegateSyncJobHandler();
        var job = TestJobs.Create();

        // A one-hour polling interval: only the in-process wake signal can make the listener look again in time.
        await using var host = await StandaloneHost.StartAsync(azurite.ConnectionString, storage.Jobs, handler,
            settings: new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "01:00:00" });
        await Eventually.TrueAsync(async () => await Storage.Queues.GetQueuesAsync(prefix: "gitops-sync").AnyAsync(q => q.Name == "gitops-sync-poison"), "the listener to create its queues");
        await host.Services.GetRequiredService<IJobQueue>().EnqueueAsync(job);

        await Eventually.TrueAsync(() => Task.FromResult(handler.Calls.Any(c => c.Job.JobId == job.JobId)), "the job to be handled", TimeSpan.FromSeconds(30));
    }
}

/// <summary>Counts message deletes per message id in the real queue client's pipeline (a policy, not a mock).</summary>
internal sealed class CountingDeletes : HttpPipelineSynchronousPolicy
{
    public ConcurrentDictionary<string, int> Deletes { get; } = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        // DELETE {queue}/messages/{messageId}?popreceipt=…
        var segments = message.Request.Uri.Path.Split('/');
        if (message.Request.Method == RequestMethod.Delete && segments.Length >= 2 && segments[^2] == "messages")
        {
            Deletes.AddOrUpdate(segments[^1], 1, (_, n) => n + 1);
        }
    }
}
