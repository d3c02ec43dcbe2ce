using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Webhooks;

/// <summary>The webhook delivery log in a table (default "GitOpsDeliveries"), shared by every instance.</summary>
/// <remarks>
/// A claim is an insert, which the service makes atomic: of two concurrent redeliveries exactly one inserts, the
/// other sees the row. Each row names its claimant (Owner), so an insert whose response was lost and that the
/// pipeline retried finds its own row and is still a claim. A row is Pending until the jobs are enqueued, then Done
/// with the job ids, or Partial with the jobs queued so far. Ages are judged by the service: the row's Timestamp
/// against the Date of the response that read it. A Done row older than the window, a Pending row older than the
/// claim timeout (a request that died) and any Partial row are taken over with an ETag-conditional replace.
/// </remarks>
public sealed class TableDeliveryLog(TableClient table, TimeSpan window, TimeSpan claimTimeout) : IDeliveryLog
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "GitOpsDeliveries";

    private const string RowKey = "delivery";
    private const string Pending = "Pending";
    private const string Partial = "Partial";
    private const string Done = "Done";
    private const string QueuedColumn = "Queued";
    private const int MaxAttempts = 4;

    /// <inheritdoc />
    public async Task<DeliveryClaim> TryClaimAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        var partitionKey = PartitionKeyOf(deliveryKey);
        var owner = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                var response = await table.WithTableAsync(ct => table.AddEntityAsync(PendingEntity(partitionKey, deliveryKey, owner, []), ct), cancellationToken).ConfigureAwait(false);
                return Claimed(deliveryKey, owner, TableCalls.ETagOf(response), []);
            }
            catch (RequestFailedException ex) when (ex.Status == TableCalls.Conflict)
            {
                // Already recorded, possibly by this very insert before its response was lost: decide from the row.
            }

            var read = await table.ReadAsync(partitionKey, RowKey, cancellationToken).ConfigureAwait(false);
            if (read.Entity is not { } existing)
            {
                continue; // released in between; try the insert again
            }

            if (IsOwnedBy(existing, owner))
            {
                return Claimed(deliveryKey, owner, existing.ETag, DecodeQueued(existing.GetString(QueuedColumn)));
            }

            var age = read.ServiceNow is { } now && existing.Timestamp is { } written ? now - written : TimeSpan.Zero;
            var state = existing.GetString("State");
            if (state == Done && age < window)
            {
                return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Duplicate, SplitJobs(existing.GetString("JobIds")), existing.ETag.ToString());
            }

            if (state == Pending && age < claimTimeout)
            {
                return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.InProgress, [], existing.ETag.ToString());
            }

            // Expired, or given up after a partial enqueue: take it over, keeping what was queued (never for an old Done row).
            var queued = state == Partial ? DecodeQueued(existing.GetString(QueuedColumn)) : [];
            try
            {
                var response = await table.UpdateEntityAsync(PendingEntity(partitionKey, deliveryKey, owner, queued), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return Claimed(deliveryKey, owner, TableCalls.ETagOf(response), queued);
            }
            catch (RequestFailedException ex) when (ex.Status is TableCalls.PreconditionFailed or TableCalls.NotFound)
            {
                // Someone else took it over or released it first, or our own retried replace landed; look again.
            }
        }

        return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.InProgress, [], null);
    }

    /// <inheritdoc />
    public Task CompleteAsync(DeliveryClaim claim, IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(jobIds);
        var entity = new TableEntity(PartitionKeyOf(claim.DeliveryKey), RowKey)
        {
            ["State"] = Done,
            ["JobIds"] = string.Join(',', jobIds),
        };
        return UpdateOwnAsync(claim, entity, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordPartialAsync(DeliveryClaim claim, IReadOnlyList<QueuedJob> queued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(queued);
        var entity = new TableEntity(PartitionKeyOf(claim.DeliveryKey), RowKey)
        {
            ["State"] = Partial,
            [QueuedColumn] = EncodeQueued(queued),
        };
        return UpdateOwnAsync(claim, entity, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await table.DeleteEntityAsync(PartitionKeyOf(claim.DeliveryKey), RowKey, VersionOf(claim), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is TableCalls.PreconditionFailed or TableCalls.NotFound)
        {
            // Taken over since (not ours to delete), or already gone.
        }
    }

    /// <summary>
    /// Deletes up to <paramref name="max"/> rows last written before <paramref name="cutoff"/> (by the service's
    /// Timestamp); returns how many. A row written again since it was read (a new claim) stays.
    /// </summary>
    public async Task<int> DeleteWrittenBeforeAsync(DateTimeOffset cutoff, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var filter = TableClient.CreateQueryFilter($"Timestamp lt {cutoff}");
        var expired = new List<(string PartitionKey, ETag ETag)>();
        await foreach (var entity in table.QueryOrEmptyAsync(filter, Math.Min(max, 1000), ["PartitionKey"], cancellationToken).ConfigureAwait(false))
        {
            expired.Add((entity.PartitionKey, entity.ETag));
            if (expired.Count == max)
            {
                break;
            }
        }

        var deleted = 0;
        foreach (var (partitionKey, etag) in expired)
        {
            try
            {
                await table.DeleteEntityAsync(partitionKey, RowKey, etag, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (RequestFailedException ex) when (ex.Status is TableCalls.PreconditionFailed or TableCalls.NotFound)
            {
                // Claimed again since it was read, or already gone.
            }
        }

        return deleted;
    }

    /// <summary>The partition key for a delivery key: the key itself when it is a safe table key, else a hash of it.</summary>
    /// <remarks>One partition per delivery spreads load; table keys forbid / \ # ? and control characters.</remarks>
    internal static string PartitionKeyOf(string deliveryKey)
    {
        var safe = deliveryKey.Length <= 200 && deliveryKey.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':' or '{' or '}');
        return safe ? deliveryKey : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));
    }

    /// <summary>Merges <paramref name="entity"/> into the claim's row if it is still ours (a retried merge that landed counts).</summary>
    private async Task UpdateOwnAsync(DeliveryClaim claim, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(entity, VersionOf(claim), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is TableCalls.PreconditionFailed or TableCalls.NotFound)
        {
            // Our claim timed out and another request took the delivery over (its record wins), unless the row still
            // names us: then our own merge landed and only its response was lost, or a takeover of ours raced it.
            var read = await table.ReadAsync(entity.PartitionKey, RowKey, cancellationToken).ConfigureAwait(false);
            if (read.Entity is { } row && claim.Owner is { } owner && IsOwnedBy(row, owner) && row.GetString("State") != entity.GetString("State"))
            {
                await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static DeliveryClaim Claimed(string deliveryKey, string owner, ETag etag, IReadOnlyList<QueuedJob> queued) =>
        new(deliveryKey, DeliveryClaimOutcome.Claimed, [], etag.ToString()) { Owner = owner, AlreadyQueued = queued };

    private static ETag VersionOf(DeliveryClaim claim) => claim.Version is { } version ? new ETag(version) : ETag.All;

    private static bool IsOwnedBy(TableEntity row, string owner) => string.Equals(row.GetString("Owner"), owner, StringComparison.Ordinal);

    private static TableEntity PendingEntity(string partitionKey, string deliveryKey, string owner, IReadOnlyList<QueuedJob> queued)
    {
        var entity = new TableEntity(partitionKey, RowKey)
        {
            ["DeliveryKey"] = deliveryKey,
            ["State"] = Pending,
            ["Owner"] = owner,
        };
        if (queued.Count > 0)
        {
            entity[QueuedColumn] = EncodeQueued(queued);
        }

        return entity;
    }

    private static string[] SplitJobs(string? jobs) => string.IsNullOrEmpty(jobs) ? [] : jobs.Split(',');

    // One line per job: escaped source, escaped app and job id, space-separated.
    private static string EncodeQueued(IReadOnlyList<QueuedJob> queued) =>
        string.Join('\n', queued.Select(q => $"{TableKeys.Escape(q.Source)} {TableKeys.Escape(q.App)} {TableKeys.Escape(q.JobId)}"));

    private static List<QueuedJob> DecodeQueued(string? text)
    {
        var list = new List<QueuedJob>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3)
            {
                list.Add(new QueuedJob(Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]), Uri.UnescapeDataString(parts[2])));
            }
        }

        return list;
    }
}
