using System.Diagnostics;
using GitOps.Engine.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GitOps.Benchmarks.Sync;

/// <summary>
/// Telemetry on for a scope: a tracer and a meter provider subscribed to the GitOps sources and meters, exporting to memory
/// (what a host pays to record and aggregate, without the network of a real exporter). Off is simply no provider.
/// </summary>
internal sealed class TelemetrySwitch : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _points = [];

    private TelemetrySwitch()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(GitOpsTelemetry.ActivitySourceName).AddInMemoryExporter(_spans).Build()!;
        _metrics = Sdk.CreateMeterProviderBuilder().AddMeter([.. GitOpsTelemetry.MeterNames]).AddInMemoryExporter(_points).Build()!;
    }

    /// <summary>Turns telemetry on until disposed.</summary>
    public static TelemetrySwitch On() => new();

    public void Dispose()
    {
        // A host's reader collects in the background; the bench collects once here, outside the timed run.
        _metrics.ForceFlush();
        _metrics.Dispose();
        _tracing.Dispose();
    }
}
