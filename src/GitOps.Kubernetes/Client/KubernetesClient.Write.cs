using System.Text.Json.Nodes;
using GitOps.Kubernetes.Http;

namespace GitOps.Kubernetes.Client;

/// <summary>Writes: server-side apply, merge patch, create, update.</summary>
public sealed partial class KubernetesClient
{
    /// <inheritdoc />
    public async Task<JsonObject> ApplyAsync(JsonObject obj, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FieldManager);
        var (resource, objectRef, ns, name) = await TargetAsync(obj, cancellationToken).ConfigureAwait(false);
        var path = ApiPaths.WithQuery(ApiPaths.Item(resource, ns, name), ("fieldManager", options.FieldManager),
            ("force", options.Force ? "true" : null), ("dryRun", options.DryRun ? "All" : null));
        // Apply is idempotent: repeating it converges on the same object, so it may be retried.
        var request = new KubeRequest(HttpMethod.Patch, path, "apply", resource.Plural, Idempotent: true)
        {
            Body = Serialize(obj),
            ContentType = "application/apply-patch+yaml",
            Object = objectRef,
        };
        return ParseObject(Ensure(await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false), "apply", path, objectRef), "apply", objectRef);
    }

    /// <inheritdoc />
    public async Task<JsonObject> MergePatchAsync(GroupVersionKind gvk, string? ns, string name, JsonObject patch, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var objectRef = Ref(resource, ns, name);
        var path = ApiPaths.WithQuery(ApiPaths.Item(resource, RequireNamespace(resource, ns, objectRef), name), ("dryRun", dryRun ? "All" : null));
        // A JSON merge patch gives the same result when applied twice.
        var request = new KubeRequest(HttpMethod.Patch, path, "patch", resource.Plural, Idempotent: true)
        {
            Body = Serialize(patch),
            ContentType = "application/merge-patch+json",
            Object = objectRef,
        };
        return ParseObject(Ensure(await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false), "patch", path, objectRef), "patch", objectRef);
    }

    /// <inheritdoc />
    public async Task<JsonObject> CreateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, objectRef, ns, _) = await TargetAsync(obj, cancellationToken, requireName: false).ConfigureAwait(false);
        var path = ApiPaths.WithQuery(ApiPaths.Collection(resource, ns), ("dryRun", dryRun ? "All" : null));
        var request = new KubeRequest(HttpMethod.Post, path, "create", resource.Plural, Idempotent: false)
        {
            Body = Serialize(obj),
            ContentType = "application/json",
            Object = objectRef,
        };
        return ParseObject(Ensure(await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false), "create", path, objectRef), "create", objectRef);
    }

    /// <inheritdoc />
    public async Task<JsonObject> UpdateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, objectRef, ns, name) = await TargetAsync(obj, cancellationToken).ConfigureAwait(false);
        var path = ApiPaths.WithQuery(ApiPaths.Item(resource, ns, name), ("dryRun", dryRun ? "All" : null));
        // A PUT carrying a resourceVersion cannot apply twice; one without converges on the same object.
        var request = new KubeRequest(HttpMethod.Put, path, "update", resource.Plural, Idempotent: true)
        {
            Body = Serialize(obj),
            ContentType = "application/json",
            Object = objectRef,
        };
        return ParseObject(Ensure(await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false), "update", path, objectRef), "update", objectRef);
    }
}
