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
        var space = RequireNamespace(resource, ns, objectRef);
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        try
        {
            return await CallAsync("get", Target(resource), objectRef, () => space is null
                ? _objects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, resource.Plural, name, null, cancellationToken)
                : _objects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, space, resource.Plural, name, null, cancellationToken)).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
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
        var (group, version) = (resource.Gvk.Group, resource.Gvk.Version);
        do
        {
            var token = continueToken;
            // A cluster-wide list of a namespaced kind uses the same path as a cluster-scoped kind's list.
            var page = await CallAsync("list", Target(resource), null, () => ns is null
                ? _objects.ListClusterCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, resource.Plural,
                    continueParameter: token, labelSelector: labelSelector, limit: PageSize, cancellationToken: cancellationToken)
                : _objects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(group, version, ns, resource.Plural,
                    continueParameter: token, labelSelector: labelSelector, limit: PageSize, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
