namespace GitOps.Storage.Tables;

/// <summary>A table entity: keys, ETag and typed properties (string, bool, int, long, double, DateTimeOffset, Guid, byte[]).</summary>
public sealed class TableEntity : Dictionary<string, object?>
{
    public TableEntity(string partitionKey, string rowKey) : base(StringComparer.Ordinal)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }
    public string RowKey { get; }

    /// <summary>The service's ETag, set on entities read from or written to the service.</summary>
    public string? ETag { get; set; }

    /// <summary>The service's Timestamp, set on entities read from the service.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Reads a string property, or null.</summary>
    public string? GetString(string key) => TryGetValue(key, out var v) ? v as string : null;
}
