using System.Diagnostics;
using System.Diagnostics.Metrics;
using GitOps.Engine.Drift.Sweep;
using static GitOps.Engine.Telemetry.GitOpsTelemetry;

namespace GitOps.Engine.Telemetry;

/// <summary>The engine's instruments on the <see cref="GitOpsTelemetry.MeterName"/> meter, with one method per event they count.</summary>
/// <remarks>
/// Names and units follow the OpenTelemetry semantic conventions (durations in seconds as histograms, counts without a
/// "total" suffix, which Prometheus adds). The engine records on <see cref="Shared"/>; a host may create its own from its
/// IMeterFactory (the webhook function does, so that tests of one host count only that host's deliveries).
/// </remarks>
public sealed class GitOpsMetrics
{
    // Seconds, from a quick apply to a slow rollout: the SDK's default buckets are made for milliseconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    };

    /// <summary>The push-to-live histogram's name (also a tag of the job's span).</summary>
    public const string PushToLiveName = "gitops.push_to_live.duration";

    private readonly Histogram<double> _syncDuration;
    private readonly Counter<long> _syncs;
    private readonly Histogram<double> _pushToLive;
    private readonly Counter<long> _objects;
    private readonly Counter<long> _driftObjects;
    private readonly Counter<long> _driftApps;
    private readonly Counter<long> _driftFailures;
    private readonly Counter<long> _heals;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _poisoned;
    private readonly Histogram<double> _gitFetch;

    /// <summary>Creates the instruments on the host's meter (scoped to its IMeterFactory).</summary>
    public GitOpsMetrics(IMeterFactory meterFactory)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(MeterName))
    {
    }

    private GitOpsMetrics(Meter meter)
    {
        _syncDuration = meter.CreateHistogram("gitops.sync.duration", "s", "Duration of finished syncs, from the first pass to the result", advice: Seconds);
        _syncs = meter.CreateCounter<long>("gitops.syncs", "{sync}", "Finished syncs, by app, cluster and result");
        _pushToLive = meter.CreateHistogram(PushToLiveName, "s", "From the webhook receiving a push to its last object applied and recorded", advice: Seconds);
        _objects = meter.CreateCounter<long>("gitops.sync.objects", "{object}", "Objects applied, pruned or failed by syncs");
        _driftObjects = meter.CreateCounter<long>("gitops.drift.objects", "{object}", "Drifted objects found by sweeps, by app, kind and how they drifted");
        _driftApps = meter.CreateCounter<long>("gitops.drift.apps", "{app}", "Apps swept, by drift state");
        _driftFailures = meter.CreateCounter<long>("gitops.drift.failures", "{failure}", "Sources or apps that could not be swept");
        _heals = meter.CreateCounter<long>("gitops.drift.heals", "{object}", "Drifted objects a sweep sent to be healed");
        _deliveries = meter.CreateCounter<long>("gitops.webhook.deliveries", "{delivery}", "Webhook deliveries, by provider and outcome (queued, duplicate, ignored, pong, rejected with a reason)");
        _poisoned = meter.CreateCounter<long>("gitops.jobs.poisoned", "{job}", "Sync jobs moved to the poison queue, by reason");
        _gitFetch = meter.CreateHistogram("gitops.git.fetch.duration", "s", "Duration of git fetches, by source and result", advice: Seconds);
    }

    /// <summary>The instruments the engine records on (a process-wide meter).</summary>
    public static GitOpsMetrics Shared { get; } = new(new Meter(MeterName));

    /// <summary>Records a sync that reached its result (succeeded or failed; a Progressing pass is not a result).</summary>
    public void SyncFinished(string app, string? cluster, string result, TimeSpan duration)
    {
        var tags = new TagList { { Tags.App, app }, { Tags.Cluster, cluster ?? "" }, { Tags.Result, result } };
        _syncs.Add(1, tags);
        _syncDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Records the time from a push's webhook to its app being live.</summary>
    public void PushLive(string app, string? cluster, TimeSpan elapsed) =>
        _pushToLive.Record(Math.Max(0, elapsed.TotalSeconds), new TagList { { Tags.App, app }, { Tags.Cluster, cluster ?? "" } });

    /// <summary>Counts what one sync pass did to objects.</summary>
    public void ObjectsSynced(string app, string? cluster, int applied, int pruned, int failed)
    {
        Add(_objects, applied, app, cluster, "applied");
        Add(_objects, pruned, app, cluster, "pruned");
        Add(_objects, failed, app, cluster, "failed");

        static void Add(Counter<long> counter, int count, string app, string? cluster, string action)
        {
            if (count > 0)
            {
                counter.Add(count, new TagList { { Tags.App, app }, { Tags.Cluster, cluster ?? "" }, { Tags.Action, action } });
            }
        }
    }

    /// <summary>Counts one app's sweep: its state and each finding by object kind.</summary>
    public void DriftSwept(AppDriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _driftApps.Add(1, new TagList { { Tags.App, report.App }, { Tags.State, report.State.ToString() } });
        foreach (var finding in report.Findings)
        {
            _driftObjects.Add(1, new TagList { { Tags.App, report.App }, { Tags.Kind, finding.Object.Kind }, { Tags.Drift, finding.Kind.ToString() } });
        }
    }

    /// <summary>Counts a source or app that could not be swept.</summary>
    public void DriftSweepFailed(string source) => _driftFailures.Add(1, new KeyValuePair<string, object?>(Tags.Source, source));

    /// <summary>Counts objects a sweep sent to be healed (re-applied or pruned).</summary>
    public void Healed(string app, int objects) => _heals.Add(objects, new KeyValuePair<string, object?>(Tags.App, app));

    /// <summary>Counts one webhook delivery by its outcome; a rejection carries its reason.</summary>
    public void WebhookDelivery(string provider, string outcome, string? reason = null) =>
        _deliveries.Add(1, new TagList { { Tags.Provider, provider }, { Tags.Outcome, outcome }, { Tags.Reason, reason ?? "" } });

    /// <summary>Counts a job sent to the poison queue ("bad_message" or "attempts_exhausted").</summary>
    public void JobPoisoned(string reason) => _poisoned.Add(1, new KeyValuePair<string, object?>(Tags.Reason, reason));

    /// <summary>Records one git fetch.</summary>
    public void GitFetched(string source, bool succeeded, TimeSpan elapsed) =>
        _gitFetch.Record(elapsed.TotalSeconds, new TagList { { Tags.Source, source }, { Tags.Result, succeeded ? "succeeded" : "failed" } });
}
