namespace GitOps.Kubernetes.Configuration;

/// <summary>How to reach one cluster's API server. Never falls back to a default cluster.</summary>
public class ClusterConnectionOptions
{
    /// <summary>How to authenticate: kubeconfig, token, azure (Entra ID for AKS), incluster.</summary>
    public string Auth { get; set; } = "kubeconfig";

    /// <summary>API server URL (required unless a kubeconfig supplies it).</summary>
    public string? Server { get; set; }

    /// <summary>Path to a kubeconfig file.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context in the kubeconfig; defaults to its current-context.</summary>
    public string? Context { get; set; }
}
