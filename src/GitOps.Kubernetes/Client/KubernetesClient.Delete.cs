using System.Text.Json.Nodes;
using GitOps.Kubernetes.Http;

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
        var path = ApiPaths.WithQuery(ApiPaths.Item(resource, RequireNamespace(resource, ns, objectRef), name), ("dryRun", options.DryRun ? "All" : null));
        var body = new JsonObject
        {
            ["kind"] = "DeleteOptions",
            ["apiVersion"] = "v1",
            ["propagationPolicy"] = options.PropagationPolicy,
        };
        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is not null)
            {
                preconditions["uid"] = options.PreconditionUid;
            }

            if (options.PreconditionResourceVersion is not null)
            {
                preconditions["resourceVersion"] = options.PreconditionResourceVersion;
            }

            body["preconditions"] = preconditions;
        }

        if (options.DryRun)
        {
            body["dryRun"] = new JsonArray("All");
        }

        var request = new KubeRequest(HttpMethod.Delete, path, "delete", resource.Plural, Idempotent: true)
        {
            Body = Serialize(body),
            ContentType = "application/json",
            Object = objectRef,
        };
        var response = await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return false;
        }

        Ensure(response, "delete", path, objectRef);
        return true;
    }
}
