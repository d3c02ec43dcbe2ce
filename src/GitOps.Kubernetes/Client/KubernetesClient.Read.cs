using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Kubernetes.Http;
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
        var path = ApiPaths.Item(resource, RequireNamespace(resource, ns, objectRef), name);
        var response = await _sender.SendAsync(new KubeRequest(HttpMethod.Get, path, "get", resource.Plural, Idempotent: true) { Object = objectRef }, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == 404 ? null : ParseObject(Ensure(response, "get", path, objectRef), "get", objectRef);
    }

    /// <inheritdoc />
    public async Task<KubeObjectList> ListAsync(GroupVersionKind gvk, string? ns = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var collection = ApiPaths.Collection(resource, resource.Namespaced ? ns : null);
        for (var restart = 0; ; restart++)
        {
            try
            {
                return await ListPagesAsync(resource, collection, labelSelector, cancellationToken).ConfigureAwait(false);
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

    private async Task<KubeObjectList> ListPagesAsync(ApiResource resource, string collection, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? resourceVersion = null;
        string? continueToken = null;
        do
        {
            var path = ApiPaths.WithQuery(collection, ("limit", PageSize.ToString(CultureInfo.InvariantCulture)),
                ("labelSelector", labelSelector), ("continue", continueToken));
            var response = await _sender.SendAsync(new KubeRequest(HttpMethod.Get, path, "list", resource.Plural, Idempotent: true), cancellationToken).ConfigureAwait(false);
            var page = ParseObject(Ensure(response, "list", path, null), "list", null);
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
