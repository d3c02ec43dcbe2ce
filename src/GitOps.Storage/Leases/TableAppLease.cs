using Azure;
using Azure.Data.Tables;
using GitOps.Engine.Sync;
using GitOps.Storage.Tables;
using Microsoft.Extensions.Logging;

namespace GitOps.Storage.Leases;

/// <summary>
/// A per-app lease in the GitOpsLeases table (partition "lease", row key = app). Taken with insert-if-absent, or with
/// an ETag-conditional replace of a row the service says has expired; held rows are renewed while the sync runs and
/// deleted (ETag-conditional, retried) on release.
/// </summary>
/// <remarks>
/// Every row carries its holder's owner id, so a write whose response was lost and that the pipeline retried finds
/// its own row and still succeeds. Expiry is judged by the service's clock: the row's Timestamp (set by the service
/// on every write) plus the row's duration, against the Date of the response that read it. Local clocks never decide.
/// </remarks>
public sealed class TableAppLease(TableClient table, TimeProvider time, ILogger<TableAppLease> logger) : IAppLease
{
    /// <summary>The table's name.</summary>
    public const string TableName = "GitOpsLeases";

    internal const string Partition = "lease";
    internal const string OwnerColumn = "Owner";
    internal const string DurationColumn = "DurationMs";

    private const int MaxAttempts = 3;

    // Rows written before leases stored their duration held at most the sync's default lease (10 minutes).
    private static readonly TimeSpan LegacyDuration = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireAsync(string app, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(app);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var owner = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                var response = await table.WithTableAsync(ct => table.AddEntityAsync(Row(app, owner, duration), ct), cancellationToken).ConfigureAwait(false);
                return Held(app, owner, duration, TableCalls.ETagOf(response));
            }
            catch (RequestFailedException ex) when (ex.Status == TableCalls.Conflict)
            {
                // Someone's row, or our own insert that landed before its response was lost: read it to know which.
            }

            var read = await table.ReadAsync(Partition, app, cancellationToken).ConfigureAwait(false);
            if (read.Entity is not { } current)
            {
                continue; // released in between: insert again
            }

            if (IsOwnedBy(current, owner))
            {
                return Held(app, owner, duration, current.ETag);
            }

            if (!HasExpired(current, read.ServiceNow))
            {
                return null;
            }

            try
            {
                var response = await table.UpdateEntityAsync(Row(app, owner, duration), current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return Held(app, owner, duration, TableCalls.ETagOf(response));
            }
            catch (RequestFailedException ex) when (ex.Status is TableCalls.PreconditionFailed or TableCalls.NotFound)
            {
                // Taken over or released by someone else, or our own retried takeover: the next read tells.
            }
        }

        var last = await table.ReadAsync(Partition, app, cancellationToken).ConfigureAwait(false);
        return last.Entity is { } row && IsOwnedBy(row, owner) ? Held(app, owner, duration, row.ETag) : null;
    }

    internal static TableEntity Row(string app, string owner, TimeSpan duration) => new(Partition, app)
    {
        [OwnerColumn] = owner,
        [DurationColumn] = (long)duration.TotalMilliseconds,
    };

    internal static bool IsOwnedBy(TableEntity row, string owner) => string.Equals(row.GetString(OwnerColumn), owner, StringComparison.Ordinal);

    /// <summary>True when the service's clock is past the row's last write (its service Timestamp) plus its duration.</summary>
    internal static bool HasExpired(TableEntity row, DateTimeOffset? serviceNow)
    {
        if (row.Timestamp is not { } written || serviceNow is not { } now)
        {
            return false; // cannot be judged by the service: never take a lease over on a guess
        }

        var held = row.GetInt64(DurationColumn) is { } ms ? TimeSpan.FromMilliseconds(ms) : LegacyDuration;
        return now >= written + held;
    }

    private TableLeaseHandle Held(string app, string owner, TimeSpan duration, ETag etag)
    {
        var handle = new TableLeaseHandle(table, app, owner, duration, etag, time, logger);
        handle.StartRenewing();
        return handle;
    }
}
