using GitOps.Engine.Jobs;

namespace GitOps.Engine.Webhooks.Deliveries;

/// <summary>
/// Puts a delivery's jobs on the queue and settles its claim, so that each job is queued exactly once: the delivery is
/// completed when every job is queued, recorded as partial when only some are (a redelivery queues the rest), and
/// released only when none is.
/// </summary>
/// <remarks>
/// Once a put has started it runs to its end, bounded by the storage client's own retries and timeouts, and so does the
/// bookkeeping after it: cancelling either could leave a queued job unrecorded, which a redelivery would queue again.
/// The Queued records are created while the jobs are put (one round trip, not two) with insert-only writes, so a fast
/// sync's Running record always wins over ours.
/// </remarks>
public sealed class DeliveryEnqueuer(IJobQueue queue, IJobStore store, IDeliveryLog deliveries)
{
    /// <summary>Queues the <paramref name="planned"/> jobs not already queued by an earlier attempt of the claim, and settles the claim.</summary>
    public async Task<DeliveryEnqueueResult> EnqueueAsync(DeliveryClaim? claim, IReadOnlyList<SyncJob> planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var earlier = claim?.AlreadyQueued ?? [];
        var pending = planned.Where(j => !earlier.Any(q => SameApp(q, j))).ToList();

        var records = CreateRecordsAsync(pending);
        var puts = pending.Select(PutAsync).ToList();
        var failures = await Task.WhenAll(puts).ConfigureAwait(false);

        var queued = earlier.Concat(pending.Where((_, i) => failures[i] is null).Select(j => new QueuedJob(j.Source, j.App, j.JobId))).ToList();
        var jobIds = queued.Select(q => q.JobId).ToList();
        var failed = pending.Where((_, i) => failures[i] is not null).ToList();
        if (failed.Count == 0)
        {
            var incomplete = await records.ConfigureAwait(false);
            if (claim is not null)
            {
                incomplete ??= await TryAsync(() => deliveries.CompleteAsync(claim, jobIds, CancellationToken.None)).ConfigureAwait(false);
            }

            return new DeliveryEnqueueResult(jobIds, null, incomplete);
        }

        // Best effort, after our own inserts settled: a record left Queued for a job that never reached the queue would mislead `gitops jobs`.
        await records.ConfigureAwait(false);
        var failure = failures.First(f => f is not null)!;
        var error = $"The webhook could not queue the job: {failure.GetType().Name}: {failure.Message}";
        await TryAsync(() => Task.WhenAll(failed.Select(j => store.UpsertAsync(
            JobRecord.QueuedFor(j) with { State = JobState.Failed, Error = error, FinishedAt = j.RequestedAt }, CancellationToken.None)))).ConfigureAwait(false);

        if (claim is not null)
        {
            // A claim that neither completes nor is given up would make redeliveries wait for the claim timeout.
            await TryAsync(() => queued.Count == 0
                ? deliveries.ReleaseAsync(claim, CancellationToken.None)
                : deliveries.RecordPartialAsync(claim, queued, CancellationToken.None)).ConfigureAwait(false);
        }

        return new DeliveryEnqueueResult(jobIds, failure, null);
    }

    private async Task<Exception?> PutAsync(SyncJob job)
    {
        try
        {
            await queue.EnqueueAsync(job, null, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private Task<Exception?> CreateRecordsAsync(List<SyncJob> jobs) =>
        TryAsync(() => Task.WhenAll(jobs.Select(j => store.CreateAsync(JobRecord.QueuedFor(j), CancellationToken.None))));

    private static async Task<Exception?> TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static bool SameApp(QueuedJob queued, SyncJob job) =>
        string.Equals(queued.Source, job.Source, StringComparison.Ordinal) && string.Equals(queued.App, job.App, StringComparison.Ordinal);
}

/// <summary>What <see cref="DeliveryEnqueuer.EnqueueAsync"/> did.</summary>
/// <param name="JobIds">Every job of the delivery now on the queue (including those an earlier attempt queued).</param>
/// <param name="EnqueueFailure">Why a job could not be queued; null when all are queued.</param>
/// <param name="BookkeepingFailure">With all jobs queued: why a Queued record or the delivery record could not be written.</param>
public sealed record DeliveryEnqueueResult(IReadOnlyList<string> JobIds, Exception? EnqueueFailure, Exception? BookkeepingFailure);
