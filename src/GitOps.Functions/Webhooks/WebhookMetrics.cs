using System.Diagnostics.Metrics;

namespace GitOps.Functions.Webhooks;

/// <summary>Webhook counters on the "GitOps.Webhooks" meter: rejections by reason, and accepted deliveries by status.</summary>
public sealed class WebhookMetrics
{
    /// <summary>The meter name to subscribe to (OpenTelemetry, dotnet-counters).</summary>
    public const string MeterName = "GitOps.Webhooks";

    private readonly Counter<long> _rejections;
    private readonly Counter<long> _accepted;

    public WebhookMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _rejections = meter.CreateCounter<long>("gitops.webhooks.rejections", unit: "{delivery}", description: "Webhook deliveries answered 4xx/5xx, by reason.");
        _accepted = meter.CreateCounter<long>("gitops.webhooks.accepted", unit: "{delivery}", description: "Webhook deliveries answered 2xx, by status (queued, duplicate, ignored, pong).");
    }

    /// <summary>Counts one rejection.</summary>
    public void Rejected(string provider, string reason)
        => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("provider", provider));

    /// <summary>Counts one accepted delivery.</summary>
    public void Accepted(string provider, string status)
        => _accepted.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("provider", provider));
}
