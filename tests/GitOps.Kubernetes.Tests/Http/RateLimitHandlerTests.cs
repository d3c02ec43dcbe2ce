using System.Threading.RateLimiting;
using GitOps.KubeSim;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Http;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Http;

/// <summary>
/// The client-side rate limit: the bucket refills at exactly Qps, the simulator sees no more requests than permits were
/// handed out (replenishment driven by the test, no clock), and each cluster has a bucket of its own.
/// </summary>
public sealed class RateLimitHandlerTests
{
    [Theory]
    [InlineData(200, 400)]
    [InlineData(30, 10)]
    [InlineData(25, 1)]
    [InlineData(0.5, 1)]
    [InlineData(1000, 2000)]
    public void Options_RefillAtExactlyQpsWithBurstTokens(double qps, int burst)
    {
        var options = RateLimitHandler.Options(qps, burst);

        Assert.Equal(burst, options.TokenLimit);
        // Exact up to the period's 100 ns tick.
        Assert.InRange(options.TokensPerPeriod / options.ReplenishmentPeriod.TotalSeconds, qps * (1 - 1e-5), qps * (1 + 1e-5));
        Assert.True(options.ReplenishmentPeriod >= TimeSpan.FromMilliseconds(50));
        Assert.Equal(QueueProcessingOrder.OldestFirst, options.QueueProcessingOrder);
    }

    [Fact]
    public async Task Bucket_LetsItsBurstThrough_AndHoldsTheRestUntilItRefills()
    {
        await using var server = await KubeSimServer.StartAsync();
        // Burst 3, and the first refill 1,000 s away.
        using var limiter = RateLimitHandler.Create(0.001, 3);
        using var chain = new HandlerChain(server, "burst", limiter, TimeProvider.System);
        using var cancel = new CancellationTokenSource();

        var pending = Enumerable.Range(0, 8).Select(i => chain.GetConfigMapAsync($"cm-{i}", cancel.Token)).ToList();
        await CompleteAsync(pending, 3);

        Assert.Equal(3, server.Requests.Total);
        Assert.Equal(3, limiter.GetStatistics()!.TotalSuccessfulLeases);
        Assert.Equal(5, limiter.GetStatistics()!.CurrentQueuedCount);
        Assert.All(pending, p => Assert.False(p.IsCompleted));
        cancel.Cancel();
        foreach (var waiting in pending)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        Assert.Equal(3, server.Requests.Total);
    }

    [Fact]
    public async Task Handler_SendsExactlyAsManyRequestsAsPermitsAreGranted()
    {
        await using var server = await KubeSimServer.StartAsync();
        // Two permits per refill, refilled only when the test says so.
        using var limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = 2,
            Window = TimeSpan.FromTicks(1),
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        using var chain = new HandlerChain(server, "permits", limiter, TimeProvider.System);

        var pending = Enumerable.Range(0, 7).Select(i => chain.GetConfigMapAsync($"cm-{i}")).ToList();
        await CompleteAsync(pending, 2);
        Assert.Equal(2, server.Requests.Total);

        foreach (var expected in new[] { 4, 6, 7 })
        {
            Assert.True(limiter.TryReplenish());
            await CompleteAsync(pending, expected - server.Requests.Total);
            Assert.Equal(expected, server.Requests.Total);
        }

        Assert.Empty(pending);
    }

    [Fact]
    public async Task Clusters_HaveBucketsOfTheirOwn_AThrottledClusterDoesNotHoldBackAnother()
    {
        await using var server = await KubeSimServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("gitops-ratelimit-");
        try
        {
            var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
            server.WriteKubeconfig(kubeconfig);
            // Two tokens each (discovery, then one GET) and a refill every 1,000 s: a third request in either cluster waits.
            ClusterConnectionOptions Settings() => new() { Auth = AuthModes.Kubeconfig, Kubeconfig = kubeconfig, Qps = 0.001, Burst = 2 };
            using var factory = new KubernetesClientFactory(new Dictionary<string, ClusterConnectionOptions> { ["a"] = Settings(), ["b"] = Settings() });
            var a = factory.GetClient("a");
            var b = factory.GetClient("b");
            await a.GetAsync(SimCluster.ConfigMapKind, "default", "first");
            using var cancel = new CancellationTokenSource();
            var throttled = a.GetAsync(SimCluster.ConfigMapKind, "default", "waits", cancel.Token);

            await b.GetAsync(SimCluster.ConfigMapKind, "default", "not-held-back");

            // a sent its two (discovery, GET) and holds its third; b sent its own two meanwhile.
            Assert.False(throttled.IsCompleted);
            Assert.Equal(4, server.Requests.Total);
            Assert.DoesNotContain(server.Requests.Entries, e => e.Name == "waits");
            Assert.Contains(server.Requests.Entries, e => e.Name == "not-held-back");
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => throttled);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // Waits for exactly `count` of the pending requests to be answered and removes them.
    private static async Task CompleteAsync(List<Task<HttpResponseMessage>> pending, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            (await done).Dispose();
        }
    }
}
