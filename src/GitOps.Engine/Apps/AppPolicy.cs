using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering.Validation;

namespace GitOps.Engine.Apps;

/// <summary>Checks an app against the host's cluster settings (the cluster exists, the source may deploy there, the namespace is allowed) and builds its manifest policy.</summary>
public static class AppPolicy
{
    /// <summary>Problems with <paramref name="app"/> on this host, each naming the app's definition and field; empty when allowed.</summary>
    public static IReadOnlyList<string> Check(AppDefinition app, GitOpsOptions host)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        var where = app.DefinedIn.Length > 0 ? app.DefinedIn : $"app '{app.Name}'";
        if (!host.Clusters.TryGetValue(app.Cluster, out var cluster))
        {
            return [$"{where}: spec.cluster: cluster '{app.Cluster}' is not configured on this host (GitOps:Clusters; known: {string.Join(", ", host.Clusters.Keys.Order(StringComparer.Ordinal))})"];
        }

        var problems = new List<string>();
        if (cluster.AllowedSources.Count > 0 && !cluster.AllowedSources.Contains(app.Source, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{where}: spec.cluster: source '{app.Source}' may not deploy to cluster '{app.Cluster}' (GitOps:Clusters:{app.Cluster}:AllowedSources)");
        }

        if (app.Namespace is not null && cluster.AllowedNamespaces.Count > 0 && !cluster.AllowedNamespaces.Contains(app.Namespace, StringComparer.Ordinal))
        {
            problems.Add($"{where}: spec.namespace: namespace '{app.Namespace}' is not allowed on cluster '{app.Cluster}' (GitOps:Clusters:{app.Cluster}:AllowedNamespaces)");
        }

        return problems;
    }

    /// <summary>The manifest policy for an app: its default namespace plus the cluster's allow-lists (when the host knows the cluster).</summary>
    public static ManifestPolicy For(AppDefinition app, GitOpsOptions? host, Func<Kubernetes.GroupVersionKind, bool?>? discovery = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var policy = new ManifestPolicy { DefaultNamespace = app.Namespace, IsNamespaced = discovery, ClusterName = app.Cluster };
        return host is not null && host.Clusters.TryGetValue(app.Cluster, out var cluster)
            ? policy with { AllowedNamespaces = cluster.AllowedNamespaces, AllowClusterScoped = cluster.AllowClusterScoped }
            : policy;
    }
}
