using Azure;
using Azure.Data.Tables;

namespace GitOps.Functions.Timers;

/// <summary>Timer status and leases in the GitOpsTimers table: one entity per timer, updated with ETag optimistic concurrency.</summary>
/// <remarks>
/// Plays the role of the host's blob schedule monitor and its singleton blob lease: an instance runs a timer only while it holds
/// an unexpired lease, so two standalone instances never run the same timer at once.
/// </remarks>
public sealed class TimerStateStore(TableClient table, TimeProvider time)
{
    /// <summary>The table name.</summary>
    public const string TableName = "GitOpsTimers";

    private const string Partition = "timers";

    /// <summary>Creates the table when missing.</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>The timer's status, or null when it never ran.</summary>
    public async Task<TimerStatus?> GetStatusAsync(string functionName, CancellationToken cancellationToken)
    {
        var entity = await GetAsync(functionName, cancellationToken);
        return entity is null ? null : new TimerStatus(ReadTime(entity, "Last"), ReadTime(entity, "Next"), ReadTime(entity, "LastUpdated"));
    }

    /// <summary>Takes the lease when it is free, expired or already ours; returns null when another instance holds it.</summary>
    public async Task<TimerLease?> TryAcquireAsync(string functionName, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = await GetAsync(functionName, cancellationToken);
        var entity = new TableEntity(Partition, functionName)
        {
            ["LeaseOwner"] = owner,
            ["LeaseExpiresAt"] = now + duration,
        };
        try
        {
            if (current is null)
            {
                return new TimerLease(functionName, owner, (await table.AddEntityAsync(entity, cancellationToken)).Headers.ETag.GetValueOrDefault().ToString());
            }

            var holder = current.GetString("LeaseOwner");
            var expires = ReadTime(current, "LeaseExpiresAt");
            if (!string.IsNullOrEmpty(holder) && holder != owner && expires > now)
            {
                return null;
            }

            return new TimerLease(functionName, owner, (await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Merge, cancellationToken)).Headers.ETag.GetValueOrDefault().ToString());
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance wrote first.
            return null;
        }
    }

    /// <summary>Extends a held lease; false when it was lost (someone else took it after it expired).</summary>
    public async Task<bool> RenewAsync(TimerLease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var entity = new TableEntity(Partition, lease.FunctionName) { ["LeaseExpiresAt"] = time.GetUtcNow() + duration };
        try
        {
            lease.ETag = (await table.UpdateEntityAsync(entity, new ETag(lease.ETag), TableUpdateMode.Merge, cancellationToken)).Headers.ETag.GetValueOrDefault().ToString();
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Writes the status of a finished run and frees the lease; false when the lease had been lost.</summary>
    public async Task<bool> CompleteAsync(TimerLease lease, TimerStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(status);
        var entity = new TableEntity(Partition, lease.FunctionName)
        {
            ["LeaseOwner"] = "",
            ["LeaseExpiresAt"] = time.GetUtcNow(),
        };
        Put(entity, "Last", status.Last);
        Put(entity, "Next", status.Next);
        Put(entity, "LastUpdated", status.LastUpdated);
        try
        {
            lease.ETag = (await table.UpdateEntityAsync(entity, new ETag(lease.ETag), TableUpdateMode.Merge, cancellationToken)).Headers.ETag.GetValueOrDefault().ToString();
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Records the status without a lease (startup bookkeeping: the next occurrence, for past-due detection).</summary>
    public async Task WriteNextAsync(string functionName, DateTimeOffset next, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, functionName) { ["Next"] = next, ["LastUpdated"] = time.GetUtcNow() };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task<TableEntity?> GetAsync(string functionName, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, functionName, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static void Put(TableEntity entity, string key, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            entity[key] = v;
        }
    }

    private static DateTimeOffset? ReadTime(TableEntity entity, string key) => entity.TryGetValue(key, out var value) ? value switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s when DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) => d,
        _ => null,
    } : null;
}
