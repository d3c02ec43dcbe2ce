using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Functions.Jobs;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace GitOps.Functions.Status;

/// <summary>The sync queue and its poison queue as the CLI and the status API see them: peek, count, and re-drive a poisoned job.</summary>
public sealed class SyncQueues(QueueServiceClient service)
{
    private const int MaxPeek = 32;

    private readonly QueueClient sync = service.GetQueueClient(FunctionNames.SyncQueue);
    private readonly QueueClient poison = service.GetQueueClient(FunctionNames.SyncPoisonQueue);

    /// <summary>The sync queue's approximate count; 0 when the queue does not exist yet.</summary>
    public async Task<int> ApproximateQueuedAsync(CancellationToken cancellationToken = default) =>
        await OrEmpty(async () => (await sync.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount, 0);

    /// <summary>The visible messages at the head of the sync queue.</summary>
    public async Task<IReadOnlyList<QueuedJobView>> PeekQueuedAsync(CancellationToken cancellationToken = default)
    {
        var peeked = await OrEmpty(async () => (await sync.PeekMessagesAsync(MaxPeek, cancellationToken)).Value, []);
        return [.. peeked.Select(m =>
        {
            var job = TryJob(m.MessageText);
            return new QueuedJobView(m.MessageId, job?.JobId, job?.App, job?.Reason.ToString(), m.InsertedOn ?? default, m.DequeueCount);
        })];
    }

    /// <summary>The poison queue's visible messages with their reasons (from the envelope, else the job record's error).</summary>
    public async Task<IReadOnlyList<PoisonedJobView>> ListPoisonedAsync(CancellationToken cancellationToken = default)
    {
        var peeked = await OrEmpty(async () => (await poison.PeekMessagesAsync(MaxPeek, cancellationToken)).Value, []);
        return [.. peeked.Select(m => Describe(m.MessageId, m.MessageText, m.InsertedOn ?? default, m.DequeueCount))];
    }

    /// <summary>
    /// Moves the poisoned message of <paramref name="jobId"/> back onto the sync queue (original text) and deletes it from poison,
    /// recording the job Queued first. Returns the re-driven job and its record, or null when no poisoned message has that job id.
    /// </summary>
    /// <param name="jobId">The poisoned job.</param>
    /// <param name="jobs">Where the job's record is kept.</param>
    /// <param name="cancellationToken">Cancels the re-drive.</param>
    /// <exception cref="InvalidOperationException">The poisoned message is not a valid job (retrying would only poison it again).</exception>
    public async Task<(SyncJob Job, JobRecord Record)?> RetryAsync(string jobId, IJobStore jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var received = await OrEmpty(async () => (await poison.ReceiveMessagesAsync(MaxPeek, TimeSpan.FromSeconds(30), cancellationToken)).Value, []);
        QueueMessage? match = null;
        foreach (var message in received)
        {
            if (match is null && string.Equals(JobIdOf(message.MessageText), jobId, StringComparison.Ordinal))
            {
                match = message;
                continue;
            }

            // Others become visible again at once, for the next reader.
            await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, (string?)null, TimeSpan.Zero, cancellationToken);
        }

        if (match is null)
        {
            return null;
        }

        var original = PoisonEnvelope.TryParse(match.MessageText) is { Reason: not null, Message: not null } envelope ? envelope.Message : match.MessageText;
        var job = TryJob(original);
        if (job is null)
        {
            await poison.UpdateMessageAsync(match.MessageId, match.PopReceipt, (string?)null, TimeSpan.Zero, cancellationToken);
            throw new InvalidOperationException($"poisoned message {match.MessageId} is not a valid sync job; retrying it would only poison it again");
        }

        // The record says Queued before the message is back on the queue, so it never overwrites the new attempt's state.
        var record = (await jobs.GetAsync(jobId, cancellationToken) ?? JobRecord.QueuedFor(job))
            with { State = JobState.Queued, Error = null, FinishedAt = null, Summary = "re-driven from the poison queue" };
        await jobs.UpsertAsync(record, cancellationToken);
        await sync.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await sync.SendMessageAsync(original, cancellationToken: cancellationToken);
        await poison.DeleteMessageAsync(match.MessageId, match.PopReceipt, cancellationToken);
        return (job, record);
    }

    private static PoisonedJobView Describe(string messageId, string text, DateTimeOffset insertedOn, long dequeueCount)
    {
        if (PoisonEnvelope.TryParse(text) is { Reason: not null, Message: not null } envelope)
        {
            var inner = TryJob(envelope.Message);
            return new PoisonedJobView(messageId, inner?.JobId, inner?.App, envelope.Reason, insertedOn, dequeueCount);
        }

        var job = TryJob(text);
        return new PoisonedJobView(messageId, job?.JobId, job?.App, job is null ? "not a valid sync job" : "", insertedOn, dequeueCount);
    }

    private static string? JobIdOf(string text) =>
        PoisonEnvelope.TryParse(text) is { Reason: not null, Message: not null } envelope ? TryJob(envelope.Message)?.JobId : TryJob(text)?.JobId;

    private static SyncJob? TryJob(string text)
    {
        try
        {
            return SyncJobCodec.Deserialize(text);
        }
        catch (BadJobMessageException)
        {
            return null;
        }
    }

    private static async Task<T> OrEmpty<T>(Func<Task<T>> read, T empty)
    {
        try
        {
            return await read();
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "QueueNotFound")
        {
            return empty;
        }
    }
}
