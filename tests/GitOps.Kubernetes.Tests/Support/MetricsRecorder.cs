using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GitOps.Kubernetes.Diagnostics;

namespace GitOps.Kubernetes.Tests.Support;

/// <summary>Collects the request and retry counters' measurements for one cluster name.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricsRecorder(string cluster)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KubernetesMetrics.MeterName && instrument.Name is "gitops.kubernetes.requests" or "gitops.kubernetes.retries")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            if (map.GetValueOrDefault("cluster") == cluster)
            {
                (instrument.Name == "gitops.kubernetes.retries" ? Retries : Requests).Enqueue(($"{map["verb"]} {map["resource"]} {map["code"]}", value));
            }
        });
        _listener.Start();
    }

    public ConcurrentQueue<(string Key, long Value)> Requests { get; } = new();

    public ConcurrentQueue<(string Key, long Value)> Retries { get; } = new();

    public long Count(string key) => Requests.Where(r => r.Key == key).Sum(r => r.Value);

    public long RetryCount(string key) => Retries.Where(r => r.Key == key).Sum(r => r.Value);

    public void Dispose() => _listener.Dispose();
}
