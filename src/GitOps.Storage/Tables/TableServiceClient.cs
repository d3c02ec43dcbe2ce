using GitOps.Storage.Pipeline;

namespace GitOps.Storage.Tables;

/// <summary>The Table service of one account over REST.</summary>
public sealed class TableServiceClient : ITableServiceClient
{
    private readonly StorageRequestSender _sender;

    internal TableServiceClient(StorageRequestSender sender) => _sender = sender;

    /// <summary>The service endpoint (no credentials).</summary>
    public Uri Endpoint => _sender.Endpoint;

    /// <inheritdoc />
    public ITableClient GetTableClient(string tableName) => new TableClient(_sender, tableName);

    /// <summary>A concrete client for one table (adds delete to <see cref="ITableClient"/>).</summary>
    public TableClient GetTable(string tableName) => new(_sender, tableName);
}
