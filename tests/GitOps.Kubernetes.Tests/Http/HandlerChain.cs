using System.Threading.RateLimiting;
using GitOps.KubeSim;
using GitOps.Kubernetes.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Kubernetes.Tests.Http;

/// <summary>
/// Our two delegating handlers in the order the client chains them (retry outside, rate limit inside, so every attempt
/// takes a permit) over a real socket handler, sending to a running simulator.
/// </summary>
internal sealed class HandlerChain : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _server;

    public HandlerChain(KubeSimServer server, string cluster, RateLimiter limiter, TimeProvider clock, int maxRetries = 3)
    {
        _server = server.BaseUri;
        var retry = new RetryHandler(cluster, RetryPolicy.Default(maxRetries), TimeSpan.FromSeconds(30), null, clock, NullLogger.Instance)
        {
            InnerHandler = new RateLimitHandler(limiter) { InnerHandler = new SocketsHttpHandler { UseProxy = false } },
        };
        _http = new HttpClient(retry) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", server.Token);
    }

    public Task<HttpResponseMessage> GetConfigMapAsync(string name, CancellationToken cancellationToken = default) =>
        _http.GetAsync(new Uri(_server, $"/api/v1/namespaces/default/configmaps/{name}"), cancellationToken);

    public Task<HttpResponseMessage> CreateConfigMapAsync(string name) =>
        _http.PostAsync(new Uri(_server, "/api/v1/namespaces/default/configmaps"), new StringContent(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":""" + $"\"{name}\"}}}}", System.Text.Encoding.UTF8, "application/json"));

    public void Dispose() => _http.Dispose();
}
