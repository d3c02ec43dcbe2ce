namespace GitOps.Kubernetes.Http;

/// <summary>
/// Client-side token bucket (QPS sustained, Burst capacity). Callers reserve a token and wait for their turn,
/// so waiters are served in order and never starve.
/// </summary>
public sealed class TokenBucketRateLimiter
{
    private readonly double _qps;
    private readonly int _burst;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _lastRefill;

    /// <summary>Creates a limiter; <paramref name="qps"/> 0 disables limiting.</summary>
    public TokenBucketRateLimiter(double qps, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qps);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _qps = qps;
        _burst = burst;
        _timeProvider = timeProvider;
        _tokens = burst;
        _lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>Reserves one token and returns how long the caller must wait before using it (zero when one is available).</summary>
    public TimeSpan Reserve()
    {
        if (_qps == 0)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now).TotalSeconds;
            _lastRefill = now;
            _tokens = Math.Min(_burst, _tokens + (elapsed * _qps));
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    /// <summary>Gives back a reserved token whose request was cancelled before it was sent.</summary>
    public void Return()
    {
        if (_qps == 0)
        {
            return;
        }

        lock (_gate)
        {
            _tokens = Math.Min(_burst, _tokens + 1);
        }
    }

    /// <summary>Waits until a token is available.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Return();
            throw;
        }
    }
}
