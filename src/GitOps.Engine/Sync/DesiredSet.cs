using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Inventory;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Sync;

/// <summary>The rendered objects made ready to apply: namespaces normalised by scope, ApplySet label added, policy checked.</summary>
/// <param name="Objects">Objects to plan and apply.</param>
/// <param name="RenderedKeys">Keys of every rendered object, including rejected ones: never pruned.</param>
/// <param name="Versions">Group kind ("Kind.group") to the version used, for listing members.</param>
public sealed record DesiredSet(IReadOnlyList<JsonObject> Objects, IReadOnlySet<string> RenderedKeys, IReadOnlyDictionary<string, string> Versions);

/// <summary>Builds the <see cref="DesiredSet"/>; rejected objects become Failed change-set entries.</summary>
public static class DesiredSetBuilder
{
    /// <summary>Normalises <paramref name="rendered"/> for <paramref name="app"/> on <paramref name="cluster"/>.</summary>
    public static async Task<DesiredSet> BuildAsync(
        IReadOnlyList<JsonObject> rendered, AppDefinition app, ClusterOptions? cluster, IKubernetesClient client,
        string applySetId, string defaultNamespace, ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(changes);
        var scopes = new Dictionary<GroupVersionKind, bool?>();
        foreach (var gvk in rendered.Select(GroupVersionKind.Of).Distinct())
        {
            scopes[gvk] = await ScopeAsync(gvk, rendered, client, cancellationToken);
        }

        var objects = new List<JsonObject>(rendered.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in rendered)
        {
            var obj = source.DeepClone().AsObject();
            var gvk = GroupVersionKind.Of(obj);
            var meta = ObjectMeta.Metadata(obj);
            var namespaced = scopes[gvk];
            if (namespaced == true && string.IsNullOrEmpty(ObjectMeta.String(meta, "namespace")))
            {
                meta["namespace"] = app.Namespace ?? defaultNamespace;
            }
            else if (namespaced == false)
            {
                meta.Remove("namespace");
            }

            var r = ObjectRef.Of(obj);
            if (!keys.Add(r.Key))
            {
                changes.Add(r, ChangeAction.Failed, "declared more than once in the rendered manifests");
                continue;
            }

            var problem = namespaced is null ? $"the server does not serve {gvk.ApiVersion} {gvk.Kind} and no CRD in this app defines it"
                : r.Name.Length == 0 ? "has no metadata.name"
                : PolicyProblem(r, cluster);
            var partOf = ObjectMeta.Label(obj, ApplySetLabels.PartOf);
            if (problem is null && partOf is not null && partOf != applySetId)
            {
                problem = $"already labelled {ApplySetLabels.PartOf}={partOf} (another ApplySet)";
            }

            if (problem is not null)
            {
                changes.Add(r, ChangeAction.Failed, problem);
                continue;
            }

            ObjectMeta.SetLabel(obj, ApplySetLabels.PartOf, applySetId);
            versions[GroupKindName.Of(r)] = gvk.Version;
            objects.Add(obj);
        }

        return new DesiredSet(objects, keys, versions);
    }

    private static string? PolicyProblem(ObjectRef r, ClusterOptions? cluster)
    {
        if (cluster is null)
        {
            return null;
        }

        if (r.Namespace is null && !cluster.AllowClusterScoped)
        {
            return "cluster-scoped objects are not allowed on this cluster (AllowClusterScoped is false)";
        }

        if (r.Namespace is not null && cluster.AllowedNamespaces.Count > 0 && !cluster.AllowedNamespaces.Contains(r.Namespace, StringComparer.Ordinal))
        {
            return $"namespace '{r.Namespace}' is not in the cluster's AllowedNamespaces";
        }

        return null;
    }

    private static async Task<bool?> ScopeAsync(GroupVersionKind gvk, IReadOnlyList<JsonObject> rendered, IKubernetesClient client, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetResourceAsync(gvk, cancellationToken)).Namespaced;
        }
        catch (UnknownKindException)
        {
            // A CRD applied in this same sync defines the kind: its spec tells the scope.
            foreach (var obj in rendered)
            {
                if (obj["kind"]?.GetValue<string>() == "CustomResourceDefinition" && obj["spec"] is JsonObject spec
                    && ObjectMeta.String(spec, "group") == gvk.Group && ObjectMeta.String(spec["names"] as JsonObject, "kind") == gvk.Kind)
                {
                    return ObjectMeta.String(spec, "scope") != "Cluster";
                }
            }

            return null;
        }
    }
}
