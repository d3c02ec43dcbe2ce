namespace GitOps.Engine.Sync;

/// <summary>Sync tuning (section "GitOps:Sync"); validated at startup by <see cref="SyncPipelineOptionsValidator"/>.</summary>
public sealed class SyncPipelineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Sync";

    /// <summary>Concurrent apply/delete requests within one stage or wave.</summary>
    /// <remarks>
    /// A large stage's wall time is about objects ÷ concurrency × round trip plus the CPU to build and read each request;
    /// 64 in flight keeps a 500-object stage from waiting on the round trip wave after wave (32 left it half idle).
    /// The client's QPS limit still bounds the rate.
    /// </remarks>
    public int Concurrency { get; set; } = 64;

    /// <summary>Delay before a sync that waits for health runs again (docs/architecture.md §D9).</summary>
    public TimeSpan ResumeDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long members may stay Progressing before the app is marked Degraded.</summary>
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>GETs of a new CRD while waiting for it to be Established.</summary>
    public int CrdEstablishedAttempts { get; set; } = 30;

    /// <summary>Pause between those GETs.</summary>
    public TimeSpan CrdEstablishedPoll { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>GETs while waiting for a deleted object to disappear before it is recreated.</summary>
    public int RecreateWaitAttempts { get; set; } = 50;

    /// <summary>How long a per-app lease lasts; it must exceed the longest sync step.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before a job whose app is leased by another instance is tried again.</summary>
    public TimeSpan LeaseBusyDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Namespace of the ApplySet parent for apps without a namespace.</summary>
    public string DefaultParentNamespace { get; set; } = "default";
}

/// <summary>Checks <see cref="SyncPipelineOptions"/> and names the setting that is wrong.</summary>
public static class SyncPipelineOptionsValidator
{
    /// <summary>Returns the problems, empty when the options are valid.</summary>
    public static IReadOnlyList<string> Validate(SyncPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > 256)
        {
            errors.Add($"GitOps:Sync:Concurrency must be between 1 and 256 (got {options.Concurrency}).");
        }

        if (options.ResumeDelay < TimeSpan.Zero || options.ResumeDelay > TimeSpan.FromDays(7))
        {
            errors.Add("GitOps:Sync:ResumeDelay must be between 0 and 7 days.");
        }

        if (options.SyncTimeout <= TimeSpan.Zero)
        {
            errors.Add("GitOps:Sync:SyncTimeout must be positive.");
        }

        if (options.CrdEstablishedAttempts < 1 || options.RecreateWaitAttempts < 1)
        {
            errors.Add("GitOps:Sync:CrdEstablishedAttempts and RecreateWaitAttempts must be at least 1.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(15))
        {
            errors.Add("GitOps:Sync:LeaseDuration must be at least 15 seconds.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultParentNamespace))
        {
            errors.Add("GitOps:Sync:DefaultParentNamespace must not be empty.");
        }

        return errors;
    }
}
