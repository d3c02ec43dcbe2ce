namespace GitOps.Storage.Pipeline;

/// <summary>Which Storage service a pipeline talks to; the Table service signs a shorter string than the others.</summary>
public enum StorageServiceKind
{
    Queue,
    Table,
}
