using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Sync;

/// <summary>Sorts failures into transient (retry the job) and permanent (report and stop).</summary>
public static class SyncErrors
{
    /// <summary>True for throttling, server errors, transport failures and timeouts.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        UnknownKindException => false,
        KubernetesApiException k => k.Code is 0 or 408 or 429 or >= 500 || k.IsConflict,
        HttpRequestException or IOException or TimeoutException => true,
        TaskCanceledException => true,
        _ => false,
    };
}
