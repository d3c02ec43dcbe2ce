using System.Text.Json.Nodes;
using k8s.Models;

namespace GitOps.Kubernetes.Client;

/// <summary>Delete with propagation policy and preconditions.</summary>
public sealed partial class KubernetesClient
{
    /// <inheritdoc />
    public async Task<bool> DeleteAsync(GroupVersionKind gvk, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeleteOptions();
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var objectRef = Ref(resource, ns, name);
        var space = RequireNamespace(resource, ns, objectRef);
        var dryRun = options.DryRun ? "All" : null;
        var body = new V1DeleteOptions
        {
            ApiVersion = "v1",
            Kind = "DeleteOptions",
            PropagationPolicy = options.PropagationPolicy,
            Preconditions = options.PreconditionUid is null && options.PreconditionResourceVersion is null
                ? null
                : new V1Preconditions { Uid = options.PreconditionUid, ResourceVersion = options.PreconditionResourceVersion },
            DryRun = options.DryRun ? ["All"] : null,
        };
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        try
        {
            await CallAsync("delete", Target(resource), objectRef, () => space is null
                ? _objects.DeleteClusterCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, resource.Plural, name, body, dryRun: dryRun, cancellationToken: cancellationToken)
                : _objects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, space, resource.Plural, name, body, dryRun: dryRun, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }
}
