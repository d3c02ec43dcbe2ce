using GitOps.Kubernetes;

namespace GitOps.Engine.Rendering.Validation;

/// <summary>What rendered objects must satisfy: namespace defaulting and the target cluster's allow-lists.</summary>
public sealed record ManifestPolicy
{
    /// <summary>No namespace default, everything allowed (local validation).</summary>
    public static ManifestPolicy Permissive { get; } = new();

    /// <summary>Namespace given to namespaced objects that have none.</summary>
    public string? DefaultNamespace { get; init; }

    /// <summary>Namespaces objects may live in; empty allows all.</summary>
    public IReadOnlyCollection<string> AllowedNamespaces { get; init; } = [];

    /// <summary>Whether cluster-scoped objects are allowed.</summary>
    public bool AllowClusterScoped { get; init; } = true;

    /// <summary>Discovery hook: true = namespaced, false = cluster-scoped, null = unknown (fall back to the built-in table).</summary>
    public Func<GroupVersionKind, bool?>? IsNamespaced { get; init; }

    /// <summary>Most objects one app may render.</summary>
    public int MaxObjects { get; init; } = 10_000;

    /// <summary>The name of the cluster, for messages.</summary>
    public string? ClusterName { get; init; }
}
