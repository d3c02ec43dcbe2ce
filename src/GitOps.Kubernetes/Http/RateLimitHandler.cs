using System.Threading.RateLimiting;

namespace GitOps.Kubernetes.Http;

/// <summary>
/// Client-side rate limit of one cluster, in KubernetesClient's handler chain: a token bucket of <c>Burst</c> tokens
/// refilled at <c>Qps</c>. Every attempt (retries included) takes a token; waiters are served oldest first.
/// </summary>
internal sealed class RateLimitHandler(RateLimiter limiter) : DelegatingHandler
{
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(50);

    /// <summary>A limiter for <paramref name="qps"/> requests per second with bursts of <paramref name="burst"/>.</summary>
    public static TokenBucketRateLimiter Create(double qps, int burst) => new(Options(qps, burst));

    /// <summary>
    /// The bucket: <paramref name="burst"/> tokens, refilled by whole tokens at exactly <paramref name="qps"/> per second,
    /// in steps of at least 50 ms rather than a timer per token.
    /// </summary>
    public static TokenBucketRateLimiterOptions Options(double qps, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        // Whole tokens per step, and the step sized to them, so the rate is qps itself (not qps rounded to a step).
        var tokens = Math.Max(1, (int)Math.Ceiling(qps * MinimumPeriod.TotalSeconds));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / qps),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        // Only a disposed limiter (its client is being disposed) refuses; the queue is unbounded.
        ObjectDisposedException.ThrowIf(!lease.IsAcquired, limiter);
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
