namespace GitOps.Functions.Timers;

/// <summary>A timer's schedule status, as the host's schedule monitor keeps it: last and next occurrence, last update.</summary>
public sealed record TimerStatus(DateTimeOffset? Last, DateTimeOffset? Next, DateTimeOffset? LastUpdated);

/// <summary>A held timer lease: the owner and the entity version it was written with.</summary>
public sealed class TimerLease(string functionName, string owner, string eTag)
{
    /// <summary>The timer function.</summary>
    public string FunctionName { get; } = functionName;

    /// <summary>The instance holding the lease.</summary>
    public string Owner { get; } = owner;

    /// <summary>The ETag of the entity as last written by the holder.</summary>
    public string ETag { get; internal set; } = eTag;
}
