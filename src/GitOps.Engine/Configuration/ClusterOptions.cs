using GitOps.Kubernetes.Configuration;

namespace GitOps.Engine.Configuration;

/// <summary>One target cluster: how to reach it (inherited) and what it allows.</summary>
public sealed class ClusterOptions : ClusterConnectionOptions
{
    /// <summary>Sources allowed to deploy here; empty allows every source.</summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>Namespaces apps may deploy into; empty allows every namespace.</summary>
    public List<string> AllowedNamespaces { get; set; } = [];

    /// <summary>Whether apps may create cluster-scoped objects (Namespaces, ClusterRoles, CRDs, ...).</summary>
    public bool AllowClusterScoped { get; set; } = true;
}
