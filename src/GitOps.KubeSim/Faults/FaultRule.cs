namespace GitOps.KubeSim.Faults;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Adds <see cref="FaultRule.Delay"/> before the request is served normally.</summary>
    Latency,

    /// <summary>Answers 429 TooManyRequests with Retry-After.</summary>
    TooManyRequests,

    /// <summary>Answers 500 InternalError.</summary>
    InternalError,

    /// <summary>Answers 503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>Holds the request for <see cref="FaultRule.Delay"/> (or until the client gives up), then answers 504.</summary>
    Timeout,

    /// <summary>Drops the connection without an answer.</summary>
    Abort,

    /// <summary>Answers 410 Expired, as for a list whose continue token is too old.</summary>
    Expired,
}

/// <summary>One fault: what happens, to which requests, how often and how many times.</summary>
public sealed record FaultRule
{
    /// <summary>What the fault does.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>Only requests with this verb (get, list, watch, create, update, patch, apply, delete, deletecollection, discovery); null for all.</summary>
    public string? Verb { get; init; }

    /// <summary>Only requests for this plural resource; null for all.</summary>
    public string? Resource { get; init; }

    /// <summary>Fraction of matching requests affected, 0..1 (drawn from the server's seeded random source).</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>At most this many requests are affected; null for no limit.</summary>
    public int? MaxCount { get; init; }

    /// <summary>Added latency, or how long a timeout holds the request.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>Retry-After seconds for 429 and 503.</summary>
    public int RetryAfterSeconds { get; init; } = 1;
}
