using System.Buffers;
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
        _discovery = new DiscoveryCache(FetchDiscoveryAsync, options.DiscoveryTtl, time);
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

    /// <inheritdoc />
    public Task<ApiResource?> GetPreferredResourceAsync(string group, string kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return _discovery.GetPreferredAsync(group, kind, cancellationToken);
    }

    /// <summary>Forgets discovery results, so the next lookup asks the server again.</summary>
    public void ClearDiscoveryCache() => _discovery.Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        (_connection.Credentials as IDisposable)?.Dispose();
    }

    private async Task<JsonObject?> FetchDiscoveryAsync(string path, CancellationToken cancellationToken)
    {
        var response = await _sender.SendAsync(new KubeRequest(HttpMethod.Get, path, "discovery", path, Idempotent: true), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == 404 ? null : ParseObject(Ensure(response, "discovery", path, null), "discovery", null);
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

    // Every write serializes its body; the buffer and writer are reused per thread, only the final array is allocated.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_serializer;

    private static byte[] Serialize(JsonNode node)
    {
        if (t_serializer is not { } serializer)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            t_serializer = serializer = (buffer, new Utf8JsonWriter(buffer));
        }

        serializer.Buffer.ResetWrittenCount();
        serializer.Writer.Reset(serializer.Buffer);
        node.WriteTo(serializer.Writer);
        serializer.Writer.Flush();
        var bytes = serializer.Buffer.WrittenSpan.ToArray();
        if (serializer.Buffer.Capacity > 1024 * 1024)
        {
            // Do not keep a huge buffer alive on the thread after one large object.
            t_serializer = null;
        }

        return bytes;
    }
}
