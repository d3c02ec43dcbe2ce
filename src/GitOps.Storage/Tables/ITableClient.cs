namespace GitOps.Storage.Tables;

/// <summary>One Azure Storage table (REST, OData JSON), shaped like Azure.Data.Tables' TableClient.</summary>
public interface ITableClient
{
    /// <summary>The table's name.</summary>
    string Name { get; }

    /// <summary>Creates the table; succeeds when it already exists.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts an entity; throws a StorageRequestException with code EntityAlreadyExists when it exists. Returns the new ETag.</summary>
    Task<string> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts or merges/replaces an entity unconditionally. Returns the new ETag.</summary>
    Task<string> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Updates an existing entity if its ETag still matches (use "*" for any); 412 UpdateConditionNotSatisfied otherwise. Returns the new ETag.</summary>
    Task<string> UpdateEntityAsync(TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Gets one entity, or null when it does not exist.</summary>
    Task<TableEntity?> GetEntityAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Queries with an OData $filter (null = all), following continuation tokens.</summary>
    IAsyncEnumerable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an entity (ifMatch "*" = any version); a missing entity is not an error.</summary>
    Task DeleteEntityAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default);
}

/// <summary>Merge keeps properties not sent; Replace drops them.</summary>
public enum TableUpdateMode
{
    Merge,
    Replace,
}
