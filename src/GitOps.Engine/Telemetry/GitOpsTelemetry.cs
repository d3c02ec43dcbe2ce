using System.Diagnostics;
using GitOps.Kubernetes.Diagnostics;

namespace GitOps.Engine.Telemetry;

/// <summary>The one place that names what GitOps Functions emits: its meters, its ActivitySource and the tags they share.</summary>
/// <remarks>
/// The instruments are defined in <see cref="GitOpsMetrics"/> and <see cref="QueueBacklogGauges"/>, and, below the engine,
/// in <see cref="KubernetesMetrics"/> (that assembly cannot see this one). Tags stay bounded: apps, clusters, sources,
/// kinds, verbs and outcomes, never a commit SHA, an object name or a delivery id.
/// </remarks>
public static class GitOpsTelemetry
{
    /// <summary>The engine's meter (sync, webhook, drift, queue, git instruments).</summary>
    public const string MeterName = "GitOps";

    /// <summary>The ActivitySource of deliveries, jobs and sync steps.</summary>
    public const string ActivitySourceName = "GitOps";

    /// <summary>Every meter an exporter should subscribe to.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [MeterName, KubernetesMetrics.MeterName];

    /// <summary>The source every GitOps span starts from.</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName);

    /// <summary>Tag names shared by metrics and spans.</summary>
    public static class Tags
    {
        public const string App = "app";
        public const string Cluster = "cluster";
        public const string Source = "source";
        public const string Result = "result";
        public const string Action = "action";
        public const string Kind = "kind";
        public const string Drift = "drift";
        public const string State = "state";
        public const string Provider = "provider";
        public const string Outcome = "outcome";
        public const string Reason = "reason";
        public const string Queue = "queue";

        // Span-only attributes: unbounded values are fine on a span, never on a metric.
        public const string JobId = "gitops.job.id";
        public const string DeliveryId = "gitops.delivery.id";
        public const string SyncReason = "gitops.sync.reason";
        public const string Attempt = "gitops.job.attempt";
        public const string Commit = "gitops.commit";
    }

    /// <summary>The current span's W3C traceparent, to carry across the queue; null when nothing is traced.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
}
