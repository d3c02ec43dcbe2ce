namespace GitOps.Engine.Sync;

/// <summary>Annotation names the sync reads on desired and live objects.</summary>
public static class SyncAnnotations
{
    /// <summary>Our sync wave (integer, default 0).</summary>
    public const string SyncWave = "gitops-functions.io/sync-wave";

    /// <summary>Argo CD's sync wave, honoured for migration.</summary>
    public const string ArgoSyncWave = "argocd.argoproj.io/sync-wave";

    /// <summary>"disabled" keeps the object when it leaves Git.</summary>
    public const string Prune = "gitops-functions.io/prune";

    /// <summary>Comma-separated options, e.g. "Recreate=true".</summary>
    public const string SyncOptions = "gitops-functions.io/sync-options";

    /// <summary>Argo CD's options ("Prune=false", "Replace=true").</summary>
    public const string ArgoSyncOptions = "argocd.argoproj.io/sync-options";

    /// <summary>Flux's prune opt-out ("disabled").</summary>
    public const string FluxPrune = "kustomize.toolkit.fluxcd.io/prune";

    /// <summary>The field manager every apply uses.</summary>
    public const string FieldManager = "gitops-functions";
}
