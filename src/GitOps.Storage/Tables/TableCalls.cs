using Azure;
using Azure.Data.Tables;

namespace GitOps.Storage.Tables;

/// <summary>Small helpers over the SDK's TableClient: create a missing table on demand, read with the service's clock.</summary>
internal static class TableCalls
{
    /// <summary>The service's "entity already exists" status (insert).</summary>
    public const int Conflict = 409;

    /// <summary>The service's "ETag no longer matches" status (conditional update or delete).</summary>
    public const int PreconditionFailed = 412;

    /// <summary>The service's "not found" status (entity or table).</summary>
    public const int NotFound = 404;

    /// <summary>True when the table itself is missing (not just the entity).</summary>
    public static bool IsTableNotFound(this RequestFailedException ex) => ex.Status == NotFound && ex.ErrorCode == "TableNotFound";

    /// <summary>
    /// Runs a write; when the table does not exist yet, creates it and runs the write once more. Tables are created at
    /// start-up, so this costs nothing per call and only repairs a table deleted or never created.
    /// </summary>
    public static async Task<T> WithTableAsync<T>(this TableClient table, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsTableNotFound())
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            return await write(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="WithTableAsync{T}(TableClient, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public static Task WithTableAsync(this TableClient table, Func<CancellationToken, Task> write, CancellationToken cancellationToken) =>
        table.WithTableAsync<bool>(async ct =>
        {
            await write(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Reads one entity with the service's current time (its Date header); a missing entity or table is null.</summary>
    public static async Task<ServiceRead> ReadAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var raw = response.GetRawResponse();
            return new ServiceRead(response.HasValue ? response.Value : null, ServiceTime(raw));
        }
        catch (RequestFailedException ex) when (ex.IsTableNotFound())
        {
            return new ServiceRead(null, null);
        }
    }

    /// <summary>The service's clock from a response's Date header (second precision), or null when the header is missing.</summary>
    public static DateTimeOffset? ServiceTime(Response response) => response.Headers.Date;

    /// <summary>Queries, treating a missing table as empty.</summary>
    public static async IAsyncEnumerable<TableEntity> QueryOrEmptyAsync(
        this TableClient table, string filter, int? maxPerPage, IEnumerable<string>? select,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage, select, cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<TableEntity> page;
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (RequestFailedException ex) when (ex.IsTableNotFound())
                {
                    yield break;
                }

                foreach (var entity in page.Values)
                {
                    yield return entity;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Removes null-valued properties: the service stores no nulls, and leaving them out keeps Replace honest.</summary>
    public static TableEntity WithoutNulls(this TableEntity entity)
    {
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    /// <summary>The ETag of a write's response.</summary>
    public static ETag ETagOf(Response response) => response.Headers.ETag ?? ETag.All;
}

/// <summary>An entity (or null) and the service's time when it was read.</summary>
internal readonly record struct ServiceRead(TableEntity? Entity, DateTimeOffset? ServiceNow);
