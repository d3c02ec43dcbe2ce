using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Discovery;
using GitOps.Kubernetes.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Kubernetes.Client;

/// <summary>
/// The dynamic REST client for one cluster: discovery cache, get/list, server-side apply, merge patch,
/// create/update/delete, over one pooled HttpClient with rate limiting and retries.
/// </summary>
public sealed partial class KubernetesClient : IKubernetesClient, IDisposable
{
    private const int PageSize = 500;
    private const int MaxListRestarts = 3;
    private readonly HttpClient _http;
    private readonly KubernetesRequestSender _sender;
    private readonly DiscoveryCache _discovery;
    private readonly ClusterConnection _connection;
    private readonly ILogger _logger;

    /// <summary>Creates a client for a resolved connection; rate limits, timeouts and retries come from <paramref name="options"/>.</summary>
    public KubernetesClient(string clusterName, ClusterConnection connection, ClusterConnectionOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(clusterName, connection, options, KubernetesHttpHandlerFactory.Create(connection ?? throw new ArgumentNullException(nameof(connection))), timeProvider, logger)
    {
    }

    internal KubernetesClient(string clusterName, ClusterConnection connection, ClusterConnectionOptions options, HttpMessageHandler handler, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ClusterName = clusterName;
        _connection = connection;
        _logger = logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        // The per-attempt timeout is enforced by the sender; HttpClient's own stays out of the way.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _sender = new KubernetesRequestSender(clusterName, _http, connection.Server, connection.Credentials,
            new TokenBucketRateLimiter(options.Qps, options.Burst, time), RetryPolicy.Default(options.MaxRetries),
            options.RequestTimeout, time, _logger);
        _discovery = new DiscoveryCache(_sender, options.DiscoveryTtl, time);
    }

    /// <summary>Resolves the settings (validated; never a default cluster) and creates the client.</summary>
    public static KubernetesClient Create(string clusterName, ClusterConnectionOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, Azure.Core.TokenCredential? azureCredential = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        return new KubernetesClient(clusterName, ClusterConnectionResolver.Resolve(clusterName, options, time, azureCredential), options, time, logger);
    }

    /// <inheritdoc />
    public string ClusterName { get; }

    /// <summary>The resolved connection (server, TLS, credentials).</summary>
    public ClusterConnection Connection => _connection;

    /// <inheritdoc />
    public Task<ApiResource> GetResourceAsync(GroupVersionKind gvk, CancellationToken cancellationToken = default) =>
        _discovery.GetAsync(gvk, cancellationToken);

    /// <summary>Forgets discovery results, so the next lookup asks the server again.</summary>
    public void ClearDiscoveryCache() => _discovery.Clear();

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
        }
    }

    private async Task<KubeObjectList> ListPagesAsync(ApiResource resource, string collection, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? resourceVersion = null;
        string? continueToken = null;
        do
        {
            var path = ApiPaths.WithQuery(collection, ("limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        (_connection.Credentials as IDisposable)?.Dispose();
    }

    private async Task<(ApiResource Resource, ObjectRef Ref, string? Namespace, string Name)> TargetAsync(JsonObject obj, CancellationToken cancellationToken, bool requireName = true)
    {
        GroupVersionKind gvk;
        try
        {
            gvk = GroupVersionKind.Of(obj);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"object {ObjectRef.Of(obj)} needs apiVersion and kind: {e.Message}", nameof(obj), e);
        }

        var resource = await GetResourceAsync(gvk, cancellationToken).ConfigureAwait(false);
        var metadata = obj["metadata"] as JsonObject;
        var name = (string?)metadata?["name"] ?? "";
        var ns = (string?)metadata?["namespace"];
        var objectRef = Ref(resource, string.IsNullOrEmpty(ns) ? null : ns, name);
        if (requireName && name.Length == 0)
        {
            throw new ArgumentException($"{gvk.Kind} object has no metadata.name", nameof(obj));
        }

        return (resource, objectRef, RequireNamespace(resource, string.IsNullOrEmpty(ns) ? null : ns, objectRef), name);
    }

    private string? RequireNamespace(ApiResource resource, string? ns, ObjectRef objectRef)
    {
        if (!resource.Namespaced)
        {
            return null;
        }

        return ns ?? _connection.Namespace
            ?? throw new ArgumentException($"{objectRef}: {resource.Gvk.Kind} is namespaced, but no namespace was given and the connection has no default namespace");
    }

    private ObjectRef Ref(ApiResource resource, string? ns, string name) =>
        new(resource.Gvk.Group, resource.Gvk.Kind, resource.Namespaced ? ns ?? _connection.Namespace : null, name);

    private static KubeResponse Ensure(KubeResponse response, string verb, string path, ObjectRef? objectRef) =>
        response.IsSuccess ? response : throw ApiStatusParser.ToException(response.StatusCode, response.Body, verb, path, objectRef);

    private static JsonObject ParseObject(KubeResponse response, string verb, ObjectRef? objectRef)
    {
        try
        {
            return JsonNode.Parse(response.Body) as JsonObject
                ?? throw new KubernetesApiException($"{verb}: the server's response is not a JSON object", response.StatusCode, "InvalidResponse", objectRef);
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException($"{verb}: the server's response is not valid JSON", response.StatusCode, "InvalidResponse", objectRef, null, e);
        }
    }

    private static byte[] Serialize(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            node.WriteTo(writer);
        }

        return stream.ToArray();
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Cluster {Cluster}: list of {Resource} restarted ({Restart}) after its continue token expired")]
    private static partial void LogListRestart(ILogger logger, string cluster, string resource, int restart);
}
