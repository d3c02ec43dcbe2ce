using System.Threading.RateLimiting;

namespace GitOps.Kubernetes.Http;

/// <summary>
/// Client-side rate limit of one cluster, in KubernetesClient's handler chain: a token bucket of <c>Burst</c> tokens
/// refilled at <c>Qps</c>. Every attempt (retries included) takes a token; waiters are served oldest first.
/// </summary>
internal sealed class RateLimitHandler(RateLimiter limiter) : DelegatingHandler
{
    /// <summary>A limiter for <paramref name="qps"/> requests per second with bursts of <paramref name="burst"/>.</summary>
    public static TokenBucketRateLimiter Create(double qps, int burst)
    {
        // Refill in steps of at least 50 ms (whole tokens only), rather than a timer per token.
        var period = TimeSpan.FromSeconds(Math.Max(1 / qps, 0.05));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, (int)Math.Round(qps * period.TotalSeconds)),
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
