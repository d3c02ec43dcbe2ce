using System.Diagnostics.Metrics;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>Drift counters (Meter "GitOps.Drift"): findings by kind, swept apps by state, failed sweeps.</summary>
public static class DriftMetrics
{
    private static readonly Meter Meter = new("GitOps.Drift");

    /// <summary>Drifted objects found, tagged app and kind.</summary>
    public static readonly Counter<long> Findings = Meter.CreateCounter<long>("gitops.drift.findings", description: "Drifted objects found by sweeps");

    /// <summary>Apps swept, tagged state.</summary>
    public static readonly Counter<long> AppsSwept = Meter.CreateCounter<long>("gitops.drift.apps_swept", description: "Apps swept");

    /// <summary>Sources or apps that could not be swept.</summary>
    public static readonly Counter<long> SweepFailures = Meter.CreateCounter<long>("gitops.drift.failures", description: "Sources or apps that could not be swept");

    /// <summary>Counts one app's report.</summary>
    public static void Record(AppDriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        AppsSwept.Add(1, new KeyValuePair<string, object?>("state", report.State.ToString()));
        foreach (var finding in report.Findings)
        {
            Findings.Add(1, new KeyValuePair<string, object?>("app", report.App), new KeyValuePair<string, object?>("kind", finding.Kind.ToString()));
        }
    }
}
