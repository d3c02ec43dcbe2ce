using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GitOps.Kubernetes.Diagnostics;

namespace GitOps.Kubernetes.Tests.Support;

/// <summary>Collects the request counter's measurements for one cluster name.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricsRecorder(string cluster)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KubernetesMetrics.MeterName && instrument.Name == "gitops.kubernetes.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            if (map.GetValueOrDefault("cluster") == cluster)
            {
                Requests.Enqueue(($"{map["verb"]} {map["resource"]} {map["code"]}", value));
            }
        });
        _listener.Start();
    }

    public ConcurrentQueue<(string Key, long Value)> Requests { get; } = new();

    public long Count(string key) => Requests.Where(r => r.Key == key).Sum(r => r.Value);

    public void Dispose() => _listener.Dispose();
}
