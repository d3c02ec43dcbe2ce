using System.Text.Json;
using GitOps.Engine.Jobs;

namespace GitOps.Functions.Jobs;

/// <summary>The one writer of job records while a job runs: each state is one upsert, built from the job and the attempt alone.</summary>
/// <remarks>
/// It never reads the record first: every field it writes comes from the message (ids, reason, queued time, commit hint),
/// the delivery (attempts) or the handler's <see cref="JobResult"/>. QueuedAt is the job's request time, as the producer
/// wrote it, so the record keeps its place in the recent-jobs index.
/// </remarks>
public sealed class JobRecorder(IJobStore store, TimeProvider time)
{
    /// <summary>Records that an attempt started: Running, with the delivery's dequeue count as attempts.</summary>
    public Task RecordRunningAsync(SyncJob job, JobDelivery delivery, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        store.UpsertAsync(RecordOf(job, delivery, startedAt, JobState.Running), cancellationToken);

    /// <summary>Records what the handler said the attempt came to.</summary>
    public Task RecordResultAsync(SyncJob job, JobDelivery delivery, DateTimeOffset startedAt, JobResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return store.UpsertAsync(RecordOf(job, delivery, result.StartedAt ?? startedAt, result.State) with
        {
            Reason = result.Reason ?? job.Reason,
            Commit = result.Commit ?? job.CommitHint,
            Summary = result.Summary,
            Error = result.Error,
        }, cancellationToken);
    }

    /// <summary>Records a failed attempt: Retrying (the queue delivers it again), Poisoned or Failed (it will not run again).</summary>
    public Task RecordFailedAsync(SyncJob job, JobDelivery delivery, DateTimeOffset startedAt, JobState state, string reason, CancellationToken cancellationToken) =>
        store.UpsertAsync(RecordOf(job, delivery, startedAt, state) with { Error = reason }, cancellationToken);

    /// <summary>Records a message that can never be processed as Poisoned; ids come from the message when it has them.</summary>
    public async Task<string> RecordBadMessageAsync(string messageId, string text, long dequeueCount, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (jobId, source, app) = ReadIdentity(text);
        jobId ??= "message-" + messageId;
        var now = time.GetUtcNow();
        await store.UpsertAsync(new JobRecord
        {
            JobId = jobId,
            Source = source ?? "",
            App = app ?? "",
            Reason = SyncReason.Manual,
            State = JobState.Poisoned,
            QueuedAt = now,
            Attempts = Attempts(dequeueCount),
            StartedAt = now,
            FinishedAt = now,
            Error = reason,
        }, cancellationToken);
        return jobId;
    }

    private JobRecord RecordOf(SyncJob job, JobDelivery delivery, DateTimeOffset startedAt, JobState state)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        return JobRecord.QueuedFor(job) with
        {
            State = state,
            Attempts = Attempts(delivery.DequeueCount),
            StartedAt = startedAt,
            FinishedAt = state.IsFinal() ? time.GetUtcNow() : null,
        };
    }

    private static int Attempts(long dequeueCount) => (int)Math.Min(int.MaxValue, dequeueCount);

    // Best effort: a message with a bad schema version may still name its job, which makes its record findable.
    private static (string? JobId, string? Source, string? App) ReadIdentity(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            return (Read(doc.RootElement, "jobId"), Read(doc.RootElement, "source"), Read(doc.RootElement, "app"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && IsSafeKey(value.GetString()) ? value.GetString() : null;

    // Table keys forbid / \ # ? and control characters; anything else is not used as an id.
    private static bool IsSafeKey(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 200 && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}
