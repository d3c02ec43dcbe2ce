using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace GitOps.Kubernetes.Client;

/// <summary>Reads: get and paginated list.</summary>
public sealed partial class KubernetesClient
{
    /// <inheritdoc />
    public async Task<JsonObject?> GetAsync(GroupVersionKind gvk, string? ns, string name, CancellationToken cancellationToken = default)
    {
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var objectRef = Ref(resource, ns, name);
        var path = ApiPaths.Item(resource, RequireNamespace(resource, ns, objectRef), name).ToString();
        var response = await SendAsync(HttpMethod.Get, path, null, objectRef, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == (int)HttpStatusCode.NotFound ? null : Parse(response, "get", resource, objectRef);
    }

    /// <inheritdoc />
    public async Task<KubeObjectList> ListAsync(GroupVersionKind gvk, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        for (var restart = 0; ; restart++)
        {
            try
            {
                return await ListPagesAsync(resource, resource.Namespaced ? ns : null, labelSelector, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.IsExpired && restart < MaxListRestarts)
            {
                // The continue token expired: the pages read so far may be inconsistent with later ones, so start over.
                LogListRestart(_logger, ClusterName, resource.Plural, restart + 1);
            }
            catch (KubernetesApiException e) when (e.IsNotFound && e is not UnknownKindException)
            {
                // A served collection always lists; a 404 means discovery was stale and the kind is no longer served here.
                _discovery.Forget(resource.Gvk);
                throw new UnknownKindException(resource.Gvk);
            }
        }
    }

    private async Task<KubeObjectList> ListPagesAsync(ApiResource resource, string? ns, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? resourceVersion = null;
        string? continueToken = null;
        do
        {
            // A cluster-wide list of a namespaced kind uses the same path as a cluster-scoped kind's list.
            var path = ApiPaths.WithQuery(ApiPaths.Collection(resource, ns), ("labelSelector", labelSelector),
                ("limit", PageSize), ("continue", continueToken));
            var page = Parse(await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false), "list", resource, null);
            resourceVersion ??= (string?)page["metadata"]?["resourceVersion"];
            continueToken = (string?)page["metadata"]?["continue"];
            if (page["items"] is JsonArray array)
            {
                // Detach the items from the page so they can be handed out on their own.
                var nodes = array.ToArray();
                array.Clear();
                foreach (var item in nodes.OfType<JsonObject>())
                {
                    // Items in a list carry no apiVersion/kind; fill them in so every object is self-describing.
                    item["apiVersion"] ??= resource.Gvk.ApiVersion;
                    item["kind"] ??= resource.Gvk.Kind;
                    items.Add(item);
                }
            }
        }
        while (!string.IsNullOrEmpty(continueToken));

        return new KubeObjectList(items, resourceVersion ?? "");
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Cluster {Cluster}: list of {Resource} restarted ({Restart}) after its continue token expired")]
    private static partial void LogListRestart(ILogger logger, string cluster, string resource, int restart);
}
