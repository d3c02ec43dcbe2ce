using System.Text.Json.Nodes;

namespace GitOps.Kubernetes.Client;

/// <summary>A dynamic (unstructured) client for one cluster: discovery, reads, server-side apply, patch, delete.</summary>
/// <remarks>Errors from the API are <see cref="KubernetesApiException"/>s carrying the Status reason and code.</remarks>
public interface IKubernetesClient
{
    /// <summary>The cluster's name in the host settings.</summary>
    string ClusterName { get; }

    /// <summary>Resolves a GVK through the discovery cache (refreshed on a miss); throws <see cref="UnknownKindException"/> when the server does not serve it.</summary>
    Task<ApiResource> GetResourceAsync(GroupVersionKind gvk, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves a group and kind at the version discovery prefers (the group's preferred version when it serves the kind,
    /// else another served version that does); null when no served version has the kind.
    /// </summary>
    Task<ApiResource?> GetPreferredResourceAsync(string group, string kind, CancellationToken cancellationToken = default);

    /// <summary>Gets an object, or null when it does not exist.</summary>
    Task<JsonObject?> GetAsync(GroupVersionKind gvk, string? ns, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists every page (ns null = all namespaces); restarts on 410 Expired. Never returns a partial list: it throws instead,
    /// <see cref="UnknownKindException"/> when the server no longer serves the kind.
    /// </summary>
    Task<KubeObjectList> ListAsync(GroupVersionKind gvk, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default);

    /// <summary>Server-side apply of a full object (application/apply-patch+yaml, JSON body).</summary>
    Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>JSON merge patch.</summary>
    Task<JsonObject> MergePatchAsync(GroupVersionKind gvk, string? ns, string name, JsonObject patch, bool dryRun = false, CancellationToken cancellationToken = default);

    /// <summary>Creates an object (POST); never retried on a dropped connection.</summary>
    Task<JsonObject> CreateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default);

    /// <summary>Replaces an object (PUT) with resourceVersion concurrency.</summary>
    Task<JsonObject> UpdateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; returns false when it was already gone.</summary>
    Task<bool> DeleteAsync(GroupVersionKind gvk, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default);
}

/// <summary>Creates and caches one client per configured cluster.</summary>
public interface IKubernetesClientFactory
{
    /// <summary>The client for a configured cluster; throws when the cluster is not configured.</summary>
    IKubernetesClient GetClient(string clusterName);
}

/// <summary>A served resource: what discovery says about a GVK.</summary>
public sealed record ApiResource(GroupVersionKind Gvk, string Plural, bool Namespaced, IReadOnlyList<string> Verbs);

/// <summary>A complete list result.</summary>
public sealed record KubeObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion);

/// <summary>Server-side apply options.</summary>
public sealed record ApplyOptions(string FieldManager, bool Force = true, bool DryRun = false);

/// <summary>Delete options: propagation and preconditions.</summary>
public sealed record DeleteOptions(string PropagationPolicy = "Background", string? PreconditionUid = null, string? PreconditionResourceVersion = null, bool DryRun = false);
