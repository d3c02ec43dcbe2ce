using System.Net;
using System.Text.Json.Nodes;

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
            ["apiVersion"] = "v1",
            ["kind"] = "DeleteOptions",
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

        var response = await SendAsync(HttpMethod.Delete, path, JsonBody.Content(body, "application/json"), objectRef, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == (int)HttpStatusCode.NotFound)
        {
            // Already gone: the outcome a delete wants, not an error.
            return false;
        }

        return response.IsSuccess ? true : throw Failure(response, "delete", resource, objectRef);
    }
}
