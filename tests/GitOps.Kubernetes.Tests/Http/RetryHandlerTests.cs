using System.Net;
using System.Threading.RateLimiting;
using GitOps.KubeSim;
using GitOps.KubeSim.Faults;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Http;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Http;

/// <summary>
/// The retry handler in the chain, on a fake clock the test advances: a 429 waits the server's Retry-After, goes out
/// again (with a permit of its own) and is counted; a create is never resent after a dropped connection, a GET is.
/// </summary>
public sealed class RetryHandlerTests
{
    [Fact]
    public async Task TooManyRequests_WaitsRetryAfter_ThenRetriesAndCountsIt()
    {
        await using var server = await KubeSimServer.StartAsync();
        server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "get", MaxCount = 1, RetryAfterSeconds = 7 });
        var clock = new SignallingTimeProvider();
        using var limiter = Unlimited();
        using var metrics = new MetricsRecorder("throttled");
        using var chain = new HandlerChain(server, "throttled", limiter, clock);

        var response = chain.GetConfigMapAsync("absent");
        var wait = await clock.NextWait;

        // The 429 was answered and nothing else was sent while the handler waits the server's delay.
        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.Equal([429], server.Requests.Entries.Select(e => e.StatusCode));
        Assert.False(response.IsCompleted);
        clock.Advance(wait);
        using var answer = await response;

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal([429, 404], server.Requests.Entries.Select(e => e.StatusCode));
        Assert.Equal(1, metrics.RetryCount("get configmaps 429"));
        Assert.Equal(1, metrics.Count("get configmaps 429"));
        Assert.Equal(1, metrics.Count("get configmaps 404"));
        // Each attempt took a permit.
        Assert.Equal(2, limiter.GetStatistics()!.TotalSuccessfulLeases);
    }

    [Fact]
    public async Task DroppedConnection_Create_IsNeverResent()
    {
        await using var server = await KubeSimServer.StartAsync();
        var rule = server.Faults.Add(new FaultRule { Kind = FaultKind.Abort, Verb = "create", MaxCount = 1 });
        var clock = new SignallingTimeProvider();
        using var limiter = Unlimited();
        using var metrics = new MetricsRecorder("dropped");
        using var chain = new HandlerChain(server, "dropped", limiter, clock);
        // A pooled connection first, so the create goes out on a reused one: the case where a resend would be tempting.
        (await chain.GetConfigMapAsync("warm")).Dispose();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => chain.CreateConfigMapAsync("maybe-created"));

        Assert.True(error.IsTransportError);
        Assert.Equal(1, server.Faults.Fired(rule));
        Assert.Equal(1, server.Requests.Count("create", "configmaps"));
        Assert.Empty(metrics.Retries);
        Assert.False(clock.NextWait.IsCompleted);
    }

    [Fact]
    public async Task DroppedConnection_Get_IsResentAfterBackoff()
    {
        await using var server = await KubeSimServer.StartAsync();
        var rule = server.Faults.Add(new FaultRule { Kind = FaultKind.Abort, Verb = "get", MaxCount = 1 });
        var clock = new SignallingTimeProvider();
        using var limiter = Unlimited();
        using var metrics = new MetricsRecorder("resent");
        using var chain = new HandlerChain(server, "resent", limiter, clock);

        var response = chain.GetConfigMapAsync("absent");
        clock.Advance(await clock.NextWait);
        using var answer = await response;

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(1, server.Faults.Fired(rule));
        Assert.Equal(2, server.Requests.Count("get", "configmaps"));
        Assert.Equal(1, metrics.RetryCount("get configmaps error"));
    }

    // Permits are counted but never run out.
    private static TokenBucketRateLimiter Unlimited()
    {
        var options = RateLimitHandler.Options(1000, 1000);
        options.AutoReplenishment = false;
        return new TokenBucketRateLimiter(options);
    }
}
