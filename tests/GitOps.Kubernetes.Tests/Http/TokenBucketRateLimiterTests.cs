using GitOps.Kubernetes.Http;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Http;

public sealed class TokenBucketRateLimiterTests
{
    [Fact]
    public void Reserve_WithinBurst_DoesNotWait()
    {
        var limiter = new TokenBucketRateLimiter(10, 3, new ManualTimeProvider());

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(TimeSpan.Zero, limiter.Reserve()));
    }

    [Fact]
    public void Reserve_BeyondBurst_WaitsOneIntervalPerQueuedRequest()
    {
        var limiter = new TokenBucketRateLimiter(10, 3, new ManualTimeProvider());
        for (var i = 0; i < 3; i++)
        {
            limiter.Reserve();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.Reserve());
    }

    [Fact]
    public void Reserve_AfterIdleTime_RefillsButNotBeyondBurst()
    {
        var clock = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter(10, 2, clock);
        limiter.Reserve();
        limiter.Reserve();

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.Reserve());
    }

    [Fact]
    public void Reserve_ZeroQps_NeverWaits()
    {
        var limiter = new TokenBucketRateLimiter(0, 1, new ManualTimeProvider());

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(TimeSpan.Zero, limiter.Reserve()));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ReturnsTheReservedToken()
    {
        var clock = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter(1, 1, clock);
        limiter.Reserve();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitAsync(cts.Token).AsTask());

        // Without the returned token the next caller would wait two seconds, not one.
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve());
    }
}
