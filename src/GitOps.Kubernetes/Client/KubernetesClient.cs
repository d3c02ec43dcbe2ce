using System.Net;
using System.Text.Json.Nodes;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Discovery;
using GitOps.Kubernetes.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Kubernetes.Client;

/// <summary>
/// The dynamic client for one cluster on KubernetesClient: our discovery cache, get/list, server-side apply, merge patch,
/// create/update/delete sent through its client (credentials, TLS, handler chain), with rate limiting and retries as
/// delegating handlers in that chain. Bodies are written as UTF-8 JSON and answers parsed once into JsonObjects.
/// </summary>
public sealed partial class KubernetesClient : IKubernetesClient, IDisposable
{
    private const string PageSize = "500";
    private const int MaxListRestarts = 3;
    private readonly ApiServerClient _api;
    private readonly DiscoveryCache _discovery;
    private readonly ILogger _logger;

    /// <summary>Creates a client for a resolved configuration; rate limits, timeouts and retries come from <paramref name="options"/>.</summary>
    public KubernetesClient(string clusterName, ClusterConfiguration configuration, ClusterConnectionOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ClusterName = clusterName;
        Configuration = configuration;
        _logger = logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        DelegatingHandler[] handlers = options.Qps > 0
            ? [new RetryHandler(clusterName, RetryPolicy.Default(options.MaxRetries), options.RequestTimeout, configuration.Credentials, time, _logger),
                new RateLimitHandler(RateLimitHandler.Create(options.Qps, options.Burst))]
            : [new RetryHandler(clusterName, RetryPolicy.Default(options.MaxRetries), options.RequestTimeout, configuration.Credentials, time, _logger)];
        configuration.Client.FirstMessageHandlerSetup = ConfigureConnections;
        try
        {
            // KubernetesClient loads the client certificate and CA files here.
            _api = new ApiServerClient(configuration.Client, handlers);
        }
        catch (Exception e) when (ClusterConfigurationBuilder.IsConfigurationError(e))
        {
            throw new KubernetesConfigurationException($"Clusters:{clusterName}: {configuration.Source}: {e.Message}", e);
        }

        _discovery = new DiscoveryCache(FetchDiscoveryAsync, options.DiscoveryTtl, time);
    }

    /// <summary>Resolves the settings (validated; never a default cluster) and creates the client.</summary>
    public static KubernetesClient Create(string clusterName, ClusterConnectionOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, Azure.Core.TokenCredential? azureCredential = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        return new KubernetesClient(clusterName, ClusterConfigurationBuilder.Build(clusterName, options, time, azureCredential), options, time, logger);
    }

    /// <inheritdoc />
    public string ClusterName { get; }

    /// <summary>The resolved configuration (server, TLS, credentials).</summary>
    public ClusterConfiguration Configuration { get; }

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
        _api.Dispose();
        (Configuration.Credentials as IDisposable)?.Dispose();
    }

    // Transport decisions (see the README's clusters section): HTTP/2 over TLS as KubernetesClient asks (HTTP/1.1 over
    // plain HTTP), and the proxy from HTTPS_PROXY/HTTP_PROXY/NO_PROXY as kubectl does; connections are recycled now and
    // then so DNS changes are picked up.
    private static void ConfigureConnections(SocketsHttpHandler handler)
    {
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);
        handler.ConnectTimeout = TimeSpan.FromSeconds(15);
        handler.AutomaticDecompression = DecompressionMethods.GZip;
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        // More HTTP/2 connections when one's concurrent streams run out, rather than queueing the applies behind it.
        handler.EnableMultipleHttp2Connections = true;
    }

    private async Task<JsonObject?> FetchDiscoveryAsync(string path, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == (int)HttpStatusCode.NotFound ? null
            : response.IsSuccess ? JsonBody.Parse(response, "discovery", null)
            : throw ApiStatusParser.ToException(response.StatusCode, response.Body, "discovery", path, null);
    }

    // Every request goes through here: transport failures from the retry handler get the object they were about.
    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, ObjectRef? objectRef, CancellationToken cancellationToken)
    {
        try
        {
            return await _api.SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.Object is null && objectRef is not null)
        {
            throw new KubernetesApiException(e.Message, e.Code, e.Reason, objectRef, e.Causes, e.InnerException);
        }
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

        return ns ?? Configuration.Client.Namespace
            ?? throw new ArgumentException($"{objectRef}: {resource.Gvk.Kind} is namespaced, but no namespace was given and the connection has no default namespace");
    }

    private ObjectRef Ref(ApiResource resource, string? ns, string name) =>
        new(resource.Gvk.Group, resource.Gvk.Kind, resource.Namespaced ? ns ?? Configuration.Client.Namespace : null, name);

    // The object of a successful answer; a failed one becomes the KubernetesApiException its Status describes.
    private static JsonObject Parse(ApiResponse response, string verb, ApiResource resource, ObjectRef? objectRef) =>
        response.IsSuccess ? JsonBody.Parse(response, verb, objectRef) : throw Failure(response, verb, resource, objectRef);

    private static KubernetesApiException Failure(ApiResponse response, string verb, ApiResource resource, ObjectRef? objectRef) =>
        ApiStatusParser.ToException(response.StatusCode, response.Body, verb, $"{resource.Gvk.ApiVersion} {resource.Plural}", objectRef);
}
