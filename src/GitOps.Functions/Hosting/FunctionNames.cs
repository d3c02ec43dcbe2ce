namespace GitOps.Functions.Hosting;

/// <summary>The names both hosts bind to: function names, the sync queue and its poison queue, the storage connection, the drift schedule.</summary>
/// <remarks>The Function App's attributes and `gitops serve`'s WebJobs attributes use these constants, and the binding contract test checks them in the published functions.metadata.</remarks>
public static class FunctionNames
{
    /// <summary>The app setting (and the bindings' connection name) holding the storage account.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>The queue-triggered sync function.</summary>
    public const string Sync = "sync";

    /// <summary>The queue the sync function listens on.</summary>
    public const string SyncQueue = "gitops-sync";

    /// <summary>Where the host moves a message that failed maxDequeueCount times, and where a bad message is put at once.</summary>
    public const string SyncPoisonQueue = SyncQueue + "-poison";

    /// <summary>The timer-triggered drift sweep function.</summary>
    public const string Drift = "drift";

    /// <summary>The drift schedule as a binding expression: the host resolves %…% from configuration, where the app setting GitOps__DriftSchedule is the key GitOps:DriftSchedule.</summary>
    public const string DriftSchedule = "%" + DriftOptions.ScheduleKey + "%";
}
