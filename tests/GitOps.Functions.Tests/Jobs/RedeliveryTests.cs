using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using GitOps.Engine.Jobs;
using GitOps.Functions.Jobs;
using GitOps.Functions.Tests.Support;
using GitOps.Storage.Jobs;
using GitOps.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Functions.Tests.Jobs;

/// <summary>
/// A message delivered again after its job finished, as happens when the queue listener's delete fails (the WebJobs
/// listener ignores that failure): on a real Azurite queue and job table.
/// </summary>
public sealed class RedeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int MaxDequeueCount = 5;

    private readonly TestStorage _storage = new(azurite.ConnectionString);

    [Theory]
    [InlineData(JobState.Succeeded)]
    [InlineData(JobState.Failed)]
    [InlineData(JobState.Superseded)]
    public async Task Redelivery_OfAFinishedJob_IsCompletedWithoutRunningItAgain(JobState finalState)
    {
        var (queue, runner, handler) = await SetUpAsync(finalState);
        var job = TestJobs.Create();
        await queue.SendMessageAsync(SyncJobCodec.Serialize(job));

        var first = await ReceiveAsync(queue);
        var firstDisposition = await runner.RunAsync(first.MessageText, Delivery(first), CancellationToken.None);
        var finished = await _storage.Jobs.GetAsync(job.JobId);
        await LoseTheDeleteAsync(queue, first);
        var again = await ReceiveAsync(queue);
        var againDisposition = await runner.RunAsync(again.MessageText, Delivery(again), CancellationToken.None);

        Assert.Equal(MessageAction.Done, firstDisposition.Action);
        Assert.Equal(2, again.DequeueCount);
        Assert.Equal(MessageAction.Done, againDisposition.Action);
        Assert.Single(handler.Calls);
        Assert.Equal(finished, await _storage.Jobs.GetAsync(job.JobId));
        Assert.Equal((finalState, 1), (finished!.State, finished.Attempts));
    }

    [Fact]
    public async Task Redelivery_AfterAFailedAttempt_RunsTheJobAgain()
    {
        var (queue, runner, handler) = await SetUpAsync(JobState.Succeeded, failFirst: true);
        var job = TestJobs.Create();
        await queue.SendMessageAsync(SyncJobCodec.Serialize(job));

        var first = await ReceiveAsync(queue);
        var firstDisposition = await runner.RunAsync(first.MessageText, Delivery(first), CancellationToken.None);
        await LoseTheDeleteAsync(queue, first);
        var again = await ReceiveAsync(queue);
        var againDisposition = await runner.RunAsync(again.MessageText, Delivery(again), CancellationToken.None);

        Assert.Equal((MessageAction.Retry, MessageAction.Done), (firstDisposition.Action, againDisposition.Action));
        Assert.Equal(2, handler.Calls.Count);
        var record = await _storage.Jobs.GetAsync(job.JobId);
        Assert.Equal((JobState.Succeeded, 2), (record!.State, record.Attempts));
    }

    private async Task<(QueueClient Queue, SyncJobRunner Runner, StateHandler Handler)> SetUpAsync(JobState finalState, bool failFirst = false)
    {
        var queue = _storage.Queue("redelivery-" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateIfNotExistsAsync();
        var store = new TableJobStore(_storage.Table(TableJobStore.DefaultTableName));
        await store.EnsureCreatedAsync();
        var handler = new StateHandler(finalState, failFirst);
        return (queue, new SyncJobRunner(handler, new JobRecorder(store, TimeProvider.System), store, TimeProvider.System, NullLogger<SyncJobRunner>.Instance), handler);
    }

    private static JobDelivery Delivery(QueueMessage message) => new(message.MessageId, message.DequeueCount, MaxDequeueCount);

    private static async Task<QueueMessage> ReceiveAsync(QueueClient queue) =>
        (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5))).Value.Single();

    // The listener's delete never reached the queue: the message becomes visible again (at once rather than after its lease).
    private static Task LoseTheDeleteAsync(QueueClient queue, QueueMessage message) =>
        queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (string?)null, TimeSpan.Zero);

    /// <summary>Ends each job in the given state; with failFirst, the first attempt throws.</summary>
    private sealed class StateHandler(JobState finalState, bool failFirst) : ISyncJobHandler
    {
        public List<JobDelivery> Calls { get; } = [];

        public Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
        {
            Calls.Add(delivery);
            if (failFirst && Calls.Count == 1)
            {
                throw new InvalidOperationException("cluster unreachable");
            }

            return Task.FromResult(new JobResult { State = finalState, Error = finalState == JobState.Failed ? "the app is invalid" : null });
        }
    }
}
