using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GitOps.Kubernetes.Diagnostics;

/// <summary>Request metrics on the "GitOps.Kubernetes" meter, tagged cluster/verb/resource/code (listed with the engine's in GitOpsTelemetry).</summary>
public static class KubernetesMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "GitOps.Kubernetes";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>API requests sent (every attempt, including retries).</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("gitops.kubernetes.requests", "{request}", "Kubernetes API requests sent, per attempt");

    /// <summary>Attempt latency.</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("gitops.kubernetes.request.duration", "s", "Kubernetes API request latency");

    /// <summary>Retries scheduled.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("gitops.kubernetes.retries", "{retry}", "Kubernetes API requests retried");

    /// <summary>Attempts the API server answered 429 (throttled), per cluster and verb.</summary>
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>("gitops.kubernetes.throttled", "{request}", "Kubernetes API requests answered 429 Too Many Requests");

    /// <summary>Records one attempt.</summary>
    public static void Record(string cluster, string verb, string resource, string code, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "cluster", cluster },
            { "verb", verb },
            { "resource", resource },
            { "code", code },
        };
        Requests.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
        if (code == "429")
        {
            Throttled.Add(1, new TagList { { "cluster", cluster }, { "verb", verb } });
        }
    }

    /// <summary>Records a scheduled retry.</summary>
    public static void RecordRetry(string cluster, string verb, string resource, string code) =>
        Retries.Add(1, new TagList { { "cluster", cluster }, { "verb", verb }, { "resource", resource }, { "code", code } });
}
