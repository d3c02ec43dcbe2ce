namespace GitOps.Functions.Hosting;

/// <summary>host.json extensions.queues, overridable by AzureFunctionsJobHost__extensions__queues__* app settings as in the Functions host.</summary>
/// <remarks>`gitops serve` configures the WebJobs queue listener from these; both hosts read maxDequeueCount to tell a job its last attempt.</remarks>
public sealed class QueueTriggerOptions
{
    /// <summary>The configuration section: host.json is loaded under AzureFunctionsJobHost, like the Functions host does.</summary>
    public const string SectionName = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>Messages fetched per poll (1..32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Fetch a new batch once in-flight messages drop to this; null = batchSize/2 × processor count.</summary>
    public int? NewBatchThreshold { get; set; }

    /// <summary>Upper bound of the randomized exponential polling backoff (at least 100 ms).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before a failed message can be retried.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Attempts before a message goes to the poison queue.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>"none" (our messages are plain JSON) or "base64".</summary>
    public string MessageEncoding { get; set; } = "base64";

    /// <summary>The shortest polling interval (the host's minimum and backoff delta).</summary>
    public static TimeSpan MinPollingInterval => TimeSpan.FromMilliseconds(100);
}
