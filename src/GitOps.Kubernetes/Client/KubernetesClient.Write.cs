using System.Text.Json.Nodes;
using k8s.Models;

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
        // The body is a JsonObject, serialized as JSON (valid YAML) under application/apply-patch+yaml.
        var patch = new V1Patch(obj, V1Patch.PatchType.ApplyPatch);
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        var dryRun = options.DryRun ? "All" : null;
        bool? force = options.Force ? true : null;
        return await CallAsync("apply", Target(resource), objectRef, () => ns is null
            ? _objects.PatchClusterCustomObjectWithHttpMessagesAsync<JsonObject>(patch, group, version, resource.Plural, name, dryRun, options.FieldManager, force: force, cancellationToken: cancellationToken)
            : _objects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(patch, group, version, ns, resource.Plural, name, dryRun, options.FieldManager, force: force, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JsonObject> MergePatchAsync(GroupVersionKind gvk, string? ns, string name, JsonObject patch, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var objectRef = Ref(resource, ns, name);
        var space = RequireNamespace(resource, ns, objectRef);
        var body = new V1Patch(patch, V1Patch.PatchType.MergePatch);
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        var dryRunAll = dryRun ? "All" : null;
        return await CallAsync("patch", Target(resource), objectRef, () => space is null
            ? _objects.PatchClusterCustomObjectWithHttpMessagesAsync<JsonObject>(body, group, version, resource.Plural, name, dryRunAll, cancellationToken: cancellationToken)
            : _objects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(body, group, version, space, resource.Plural, name, dryRunAll, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JsonObject> CreateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, objectRef, ns, _) = await TargetAsync(obj, cancellationToken, requireName: false).ConfigureAwait(false);
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        var dryRunAll = dryRun ? "All" : null;
        return await CallAsync("create", Target(resource), objectRef, () => ns is null
            ? _objects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, group, version, resource.Plural, dryRunAll, cancellationToken: cancellationToken)
            : _objects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, group, version, ns, resource.Plural, dryRunAll, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JsonObject> UpdateAsync(JsonObject obj, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (resource, objectRef, ns, name) = await TargetAsync(obj, cancellationToken).ConfigureAwait(false);
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        var dryRunAll = dryRun ? "All" : null;
        return await CallAsync("update", Target(resource), objectRef, () => ns is null
            ? _objects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonObject>(obj, group, version, resource.Plural, name, dryRunAll, cancellationToken: cancellationToken)
            : _objects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(obj, group, version, ns, resource.Plural, name, dryRunAll, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
