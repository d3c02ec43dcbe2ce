using System.Net;
using System.Net.Http.Headers;

namespace GitOps.Kubernetes.Http;

/// <summary>Which failures are retried and how long to wait: 429 always (the server did not process it), 500/503/504 and transport errors only for idempotent requests.</summary>
internal sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter)
{
    /// <summary>Defaults: exponential from 100 ms up to 5 s; a server's Retry-After is honoured up to 60 s.</summary>
    public static RetryPolicy Default(int maxRetries) => new(maxRetries, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

    /// <summary>Whether a response with this status should be retried.</summary>
    public static bool IsRetryableStatus(int code, bool idempotent) =>
        code == (int)HttpStatusCode.TooManyRequests || (idempotent && code is 500 or 503 or 504);

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based): the server's hint if any, else jittered exponential backoff.</summary>
    public TimeSpan Delay(int attempt, TimeSpan? serverHint)
    {
        if (serverHint is { } hint && hint > TimeSpan.Zero)
        {
            return hint < MaxRetryAfter ? hint : MaxRetryAfter;
        }

        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        // Jitter keeps many clients from retrying in lockstep.
        return TimeSpan.FromMilliseconds(capped * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }

    /// <summary>Reads Retry-After (seconds or an HTTP date).</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
