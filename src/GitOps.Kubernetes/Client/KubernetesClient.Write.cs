using System.Text.Json.Nodes;

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
        // The body is JSON (valid YAML) under application/apply-patch+yaml.
        var response = await SendAsync(HttpMethod.Patch, path, JsonBody.Content(obj, "application/apply-patch+yaml"), objectRef, cancellationToken).ConfigureAwait(false);
        return Parse(response, "apply", resource, objectRef);
    }

    /// <inheritdoc />
    public async Task<JsonObject> MergePatchAsync(GroupVersionKind gvk, string? ns, string name, JsonObject patch, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var objectRef = Ref(resource, ns, name);
        var path = ApiPaths.WithQuery(ApiPaths.Item(resource, RequireNamespace(resource, ns, objectRef), name), ("dryRun", dryRun ? "All" : null));
        var response = await SendAsync(HttpMethod.Patch, path, JsonBody.Content(patch, "application/merge-patch+json"), objectRef, cancellationToken).ConfigureAwait(false);
        return Parse(response, "patch", resource, objectRef);
    }

    /// <inheritdoc />
    public async Task<JsonObject> CreateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, objectRef, ns, _) = await TargetAsync(obj, cancellationToken, requireName: false).ConfigureAwait(false);
        var path = ApiPaths.WithQuery(ApiPaths.Collection(resource, ns), ("dryRun", dryRun ? "All" : null));
        var response = await SendAsync(HttpMethod.Post, path, JsonBody.Content(obj, "application/json"), objectRef, cancellationToken).ConfigureAwait(false);
        return Parse(response, "create", resource, objectRef);
    }

    /// <inheritdoc />
    public async Task<JsonObject> UpdateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, objectRef, ns, name) = await TargetAsync(obj, cancellationToken).ConfigureAwait(false);
        var path = ApiPaths.WithQuery(ApiPaths.Item(resource, ns, name), ("dryRun", dryRun ? "All" : null));
        var response = await SendAsync(HttpMethod.Put, path, JsonBody.Content(obj, "application/json"), objectRef, cancellationToken).ConfigureAwait(false);
        return Parse(response, "update", resource, objectRef);
    }
}
