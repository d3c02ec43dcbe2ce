using System.Security.Cryptography;
using System.Text;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Storage.Errors;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Webhooks;

/// <summary>The webhook delivery log in a table (default "GitOpsDeliveries"), shared by every instance.</summary>
/// <remarks>
/// A claim is an insert, which the service makes atomic: of two concurrent redeliveries exactly one inserts, the
/// other sees the row. A row is Pending until the jobs are enqueued, then Done with the job ids. Rows older than
/// the window (Done) or the claim timeout (Pending, a request that died) are taken over with an ETag-conditional
/// replace, so takeovers race safely too.
/// </remarks>
public sealed class TableDeliveryLog(ITableClient table, TimeProvider time, TimeSpan window, TimeSpan claimTimeout) : IDeliveryLog
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "GitOpsDeliveries";

    private const string RowKey = "delivery";
    private const string Pending = "Pending";
    private const string Done = "Done";
    private const int MaxAttempts = 4;

    private Task? _created;

    /// <inheritdoc />
    public async Task<DeliveryClaim> TryClaimAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var partitionKey = PartitionKeyOf(deliveryKey);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            try
            {
                var etag = await table.AddEntityAsync(PendingEntity(partitionKey, deliveryKey, now), cancellationToken).ConfigureAwait(false);
                return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Claimed, [], etag);
            }
            catch (StorageRequestException ex) when (ex.Status == 409)
            {
                // Already recorded: decide from the existing row below.
            }

            var existing = await table.GetEntityAsync(partitionKey, RowKey, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue; // released in between; try the insert again
            }

            var state = existing.GetString("State");
            if (state == Done && existing.TryGetValue("CompletedAt", out var c) && c is DateTimeOffset completed && completed + window > now)
            {
                return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Duplicate, SplitJobs(existing.GetString("JobIds")), existing.ETag);
            }

            if (state == Pending && existing.TryGetValue("ClaimedAt", out var p) && p is DateTimeOffset claimed && claimed + claimTimeout > now)
            {
                return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.InProgress, [], existing.ETag);
            }

            try
            {
                var etag = await table.UpdateEntityAsync(PendingEntity(partitionKey, deliveryKey, now), existing.ETag ?? "*", TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Claimed, [], etag);
            }
            catch (StorageRequestException ex) when (ex.Status is 412 or 404)
            {
                // Someone else took it over or released it first; look again.
            }
        }

        return new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.InProgress, [], null);
    }

    /// <inheritdoc />
    public async Task CompleteAsync(DeliveryClaim claim, IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(jobIds);
        var entity = new TableEntity(PartitionKeyOf(claim.DeliveryKey), RowKey)
        {
            ["DeliveryKey"] = claim.DeliveryKey,
            ["State"] = Done,
            ["CompletedAt"] = time.GetUtcNow(),
            ["JobIds"] = string.Join(',', jobIds),
        };
        try
        {
            await table.UpdateEntityAsync(entity, claim.Version ?? "*", TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException ex) when (ex.Status is 412 or 404)
        {
            // Our claim timed out and another request took the delivery over; its record wins.
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await table.DeleteEntityAsync(PartitionKeyOf(claim.DeliveryKey), RowKey, claim.Version ?? "*", cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException ex) when (ex.Status == 412)
        {
            // Taken over since: not ours to delete.
        }
    }

    /// <summary>The partition key for a delivery key: the key itself when it is a safe table key, else a hash of it.</summary>
    /// <remarks>One partition per delivery spreads load; table keys forbid / \ # ? and control characters.</remarks>
    internal static string PartitionKeyOf(string deliveryKey)
    {
        var safe = deliveryKey.Length <= 200 && deliveryKey.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':' or '{' or '}');
        return safe ? deliveryKey : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryKey)));
    }

    private static TableEntity PendingEntity(string partitionKey, string deliveryKey, DateTimeOffset now) => new(partitionKey, RowKey)
    {
        ["DeliveryKey"] = deliveryKey,
        ["State"] = Pending,
        ["ClaimedAt"] = now,
    };

    private static string[] SplitJobs(string? jobs) => string.IsNullOrEmpty(jobs) ? [] : jobs.Split(',');

    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = table.CreateIfNotExistsAsync(cancellationToken);
            _created = created;
        }

        return created;
    }
}
