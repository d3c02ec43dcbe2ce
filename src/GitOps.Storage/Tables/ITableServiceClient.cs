namespace GitOps.Storage.Tables;

/// <summary>The Table service of one storage account.</summary>
public interface ITableServiceClient
{
    /// <summary>A client for one table (no request is made).</summary>
    ITableClient GetTableClient(string tableName);
}
