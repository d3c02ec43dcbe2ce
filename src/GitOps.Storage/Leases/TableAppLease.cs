using GitOps.Engine.Sync;
using GitOps.Storage.Errors;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Leases;

/// <summary>
/// A per-app lease in the GitOpsLeases table (partition "lease", row key = app), taken with insert-if-absent or an
/// ETag-conditional update of an expired row, so exactly one instance wins; released by an ETag-conditional delete.
/// </summary>
public sealed class TableAppLease(ITableClient table, TimeProvider time) : IAppLease
{
    /// <summary>The table's name.</summary>
    public const string TableName = "GitOpsLeases";

    private const string Partition = "lease";
    private bool created;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string app, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(app);
        if (!created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            created = true;
        }

        var owner = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(Partition, app) { ["Owner"] = owner, ["ExpiresAt"] = time.GetUtcNow() + duration };
        try
        {
            var etag = await table.AddEntityAsync(entity, cancellationToken);
            return new Release(table, app, etag);
        }
        catch (StorageRequestException ex) when (ex.Status == 409)
        {
            // Someone holds or held it: take it over only if it has expired, and only if nobody else did first.
        }

        var current = await table.GetEntityAsync(Partition, app, cancellationToken);
        if (current is null)
        {
            return null;
        }

        var expires = current.TryGetValue("ExpiresAt", out var e) ? e as DateTimeOffset? ?? (e is DateTime dt ? new DateTimeOffset(dt, TimeSpan.Zero) : null) : null;
        if (expires is not null && expires > time.GetUtcNow())
        {
            return null;
        }

        try
        {
            var etag = await table.UpdateEntityAsync(entity, current.ETag ?? "*", TableUpdateMode.Replace, cancellationToken);
            return new Release(table, app, etag);
        }
        catch (StorageRequestException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    private sealed class Release(ITableClient table, string app, string etag) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await table.DeleteEntityAsync(Partition, app, etag);
            }
            catch (StorageRequestException)
            {
                // Lost or already taken over after expiry: the lease simply expires.
            }
        }
    }
}
