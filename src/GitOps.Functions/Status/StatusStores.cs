using GitOps.Storage;
using GitOps.Storage.Drift;
using GitOps.Storage.Jobs;
using GitOps.Storage.Status;

namespace GitOps.Functions.Status;

/// <summary>Creates the readers and writers the CLI and the status API use over one storage account.</summary>
public static class StatusStores
{
    /// <summary>A status reader over the account's GitOpsApps, GitOpsDriftHistory and GitOpsJobs tables and the sync queues.</summary>
    public static StatusReader CreateReader(StorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var apps = account.Tables.GetTableClient(TableAppStatusStore.TableName);
        return new StatusReader(
            new TableAppStatusStore(apps),
            new TableDriftStore(apps, account.Tables.GetTableClient(TableDriftStore.HistoryTableName)),
            new TableJobStore(account.Tables),
            new SyncQueues(account.Queues));
    }
}
