namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>Webhook limits and deduplication settings (section "GitOps:Webhooks").</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps:Webhooks";

    /// <summary>Largest accepted body in bytes; GitHub itself never sends more than 25 MB.</summary>
    public long MaxBodyBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>How long a delivery id is remembered; a redelivery within it enqueues nothing.</summary>
    public TimeSpan DeliveryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a claimed but unfinished delivery (a request that died mid-way) blocks redeliveries.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Time budget for a push to start being handled and for its apps to be planned (GitHub waits only 10 s); past it the
    /// answer is 503 with nothing queued. Once a job's put has started, the answer waits for its outcome instead.
    /// </summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Deliveries handled at once per instance (default 32); more wait for a slot within <see cref="EnqueueTimeout"/>, so overload sheds load before any write.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>
    /// Most body bytes held at once, across the process, by requests not yet authenticated (a Consumption instance has
    /// 1.5 GB); a request that would hold more is answered 503 with Retry-After. At least <see cref="MaxBodyBytes"/>.
    /// </summary>
    public long MaxUnauthenticatedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The Retry-After of a 503 answered because <see cref="MaxUnauthenticatedBytes"/> is reached (whole seconds).</summary>
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns the problems with these settings, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxBodyBytes <= 0)
        {
            errors.Add($"{SectionName}:{nameof(MaxBodyBytes)} must be positive (was {MaxBodyBytes}).");
        }

        if (DeliveryWindow <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(DeliveryWindow)} must be positive (was {DeliveryWindow}).");
        }

        if (ClaimTimeout <= TimeSpan.Zero || ClaimTimeout > DeliveryWindow)
        {
            errors.Add($"{SectionName}:{nameof(ClaimTimeout)} must be positive and not longer than {nameof(DeliveryWindow)} (was {ClaimTimeout}).");
        }

        if (MaxUnauthenticatedBytes < MaxBodyBytes)
        {
            errors.Add($"{SectionName}:{nameof(MaxUnauthenticatedBytes)} must be at least {nameof(MaxBodyBytes)} ({MaxBodyBytes}) so that one largest body fits (was {MaxUnauthenticatedBytes}).");
        }

        if (BusyRetryAfter < TimeSpan.FromSeconds(1) || BusyRetryAfter > TimeSpan.FromHours(1) || BusyRetryAfter.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{SectionName}:{nameof(BusyRetryAfter)} must be whole seconds between 00:00:01 and 01:00:00 (was {BusyRetryAfter}).");
        }

        if (EnqueueTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{nameof(EnqueueTimeout)} must be positive (was {EnqueueTimeout}).");
        }

        if (MaxConcurrentDeliveries is < 1 or > 1024)
        {
            errors.Add($"{SectionName}:{nameof(MaxConcurrentDeliveries)} must be between 1 and 1024 (was {MaxConcurrentDeliveries}).");
        }

        return errors;
    }
}
