using System.Text.Json;
using GitOps.Engine.Jobs;

namespace GitOps.Functions.Jobs;

/// <summary>Writes every job state change the runtime makes to the job store (running, succeeded, failed, poisoned).</summary>
public sealed class JobRecorder(IJobStore store, TimeProvider time)
{
    /// <summary>Records that an attempt started: Running, with the delivery's dequeue count as attempts.</summary>
    public async Task RecordRunningAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        var existing = await store.GetAsync(job.JobId, cancellationToken);
        await store.UpsertAsync(new JobRecord
        {
            JobId = job.JobId,
            Source = job.Source,
            App = job.App,
            Reason = job.Reason,
            State = JobState.Running,
            QueuedAt = existing?.QueuedAt ?? job.RequestedAt,
            Attempts = (int)Math.Min(int.MaxValue, delivery.DequeueCount),
            DeliveryId = job.DeliveryId ?? existing?.DeliveryId,
            Commit = existing?.Commit ?? job.CommitHint,
            StartedAt = time.GetUtcNow(),
        }, cancellationToken);
    }

    /// <summary>Records success, unless the handler already recorded a richer state (Progressing, or its own Succeeded summary).</summary>
    public async Task RecordSucceededAsync(SyncJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var current = await store.GetAsync(job.JobId, cancellationToken);
        if (current is null || current.State != JobState.Running)
        {
            return;
        }

        await store.UpsertAsync(current with { State = JobState.Succeeded, FinishedAt = time.GetUtcNow(), Error = null }, cancellationToken);
    }

    /// <summary>Records a failed attempt: Failed (it will be retried) or Poisoned (it will not), with the reason.</summary>
    public async Task RecordFailedAsync(SyncJob job, JobDelivery delivery, string reason, bool poisoned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(delivery);
        var current = await store.GetAsync(job.JobId, cancellationToken);
        var record = current ?? new JobRecord
        {
            JobId = job.JobId,
            Source = job.Source,
            App = job.App,
            Reason = job.Reason,
            State = JobState.Failed,
            QueuedAt = job.RequestedAt,
            DeliveryId = job.DeliveryId,
            Commit = job.CommitHint,
        };
        await store.UpsertAsync(record with
        {
            State = poisoned ? JobState.Poisoned : JobState.Failed,
            Attempts = (int)Math.Min(int.MaxValue, delivery.DequeueCount),
            FinishedAt = time.GetUtcNow(),
            Error = reason,
        }, cancellationToken);
    }

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
            Attempts = (int)Math.Min(int.MaxValue, dequeueCount),
            StartedAt = now,
            FinishedAt = now,
            Error = reason,
        }, cancellationToken);
        return jobId;
    }

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
