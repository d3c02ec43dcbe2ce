using System.Net;
using k8s;

namespace GitOps.Kubernetes.Client;

/// <summary>
/// KubernetesClient's client (its credentials, TLS settings and handler chain, with our retry and rate-limit handlers in
/// it), sent to by path with bodies we serialize ourselves and answers we read once as raw JSON.
/// </summary>
/// <remarks>
/// Its generated operations cost more CPU per apply than our whole request (measured: serializing the body to a string
/// and again to UTF-8, parsing the media type per call, 15-parameter generic methods behind instantiating stubs, and an
/// exception for every non-2xx answer such as an expected 404), so requests are built here and only the transport is its.
/// </remarks>
internal sealed class ApiServerClient : k8s.Kubernetes
{
    private readonly string _baseUrl;
    private readonly Version _httpVersion;
    private readonly string? _tlsServerName;

    public ApiServerClient(KubernetesClientConfiguration config, DelegatingHandler[] handlers) : base(config, handlers)
    {
        // Paths start with '/'; a server URL with a path of its own (a proxy's cluster prefix) keeps it.
        _baseUrl = BaseUri.AbsoluteUri.TrimEnd('/');
        // As KubernetesClient asks: HTTP/2 where TLS negotiates it, HTTP/1.1 over plain HTTP.
        _httpVersion = config.DisableHttp2 ? HttpVersion.Version11 : HttpVersion.Version20;
        _tlsServerName = string.IsNullOrWhiteSpace(config.TlsServerName) ? null : config.TlsServerName;
    }

    /// <summary>Sends one request; any status is an answer (no exception), transport failures throw from the retry handler.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl + pathAndQuery, UriKind.Absolute))
        {
            Version = _httpVersion,
            Content = content,
        };
        // A constant header value: added as it is, not parsed on every request.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (_tlsServerName is not null)
        {
            request.Headers.Host = _tlsServerName;
        }

        if (Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        // The retry handler has buffered the body within its attempt; this copies it out once.
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new ApiResponse((int)response.StatusCode, body);
    }
}
