using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitOps.Engine.Telemetry;
using GitOps.Kubernetes.Diagnostics;
using GitOps.Testing;

namespace GitOps.Engine.Tests.Telemetry;

/// <summary>The ready-made views in docs/observability query only metrics the code defines (read from the instruments themselves).</summary>
public sealed partial class ObservabilityDocsTests
{
    private static readonly string Folder = Path.Combine(ToolPaths.RepositoryRoot, "docs", "observability");

    [Fact]
    public void GrafanaDashboard_QueriesOnlyMetricsTheCodeDefines()
    {
        var known = PrometheusNames(Instruments());
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "grafana-dashboard.json")));

        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();

        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("type").GetString());
            var used = panel.GetProperty("targets").EnumerateArray().SelectMany(t => PrometheusMetric().Matches(t.GetProperty("expr").GetString()!)).Select(m => m.Value).ToList();
            Assert.NotEmpty(used);
            Assert.All(used, name => Assert.True(known.Contains(name), $"panel '{panel.GetProperty("title")}' queries {name}, which no instrument exports"));
        }
    }

    [Fact]
    public void AlertRules_QueryOnlyMetricsTheCodeDefines_AndCoverTheFourAlerts()
    {
        var known = Instruments().Select(i => i.Name).Append(SyncActivities.JobSpanName).ToHashSet(StringComparer.Ordinal);
        using var rules = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "alert-rules.json")));

        var resources = rules.RootElement.GetProperty("resources").EnumerateArray().ToList();

        Assert.Equal(["sync-failure-rate", "poisoned-jobs", "push-to-live-p95", "queue-age"], resources.Select(r => RuleName().Match(r.GetProperty("name").GetString()!).Groups[1].Value));
        foreach (var rule in resources)
        {
            var queries = rule.GetProperty("properties").GetProperty("criteria").GetProperty("allOf").EnumerateArray().Select(c => c.GetProperty("query").GetString()!).ToList();
            var used = queries.SelectMany(q => QuotedName().Matches(q)).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(used);
            Assert.All(used, name => Assert.True(known.Contains(name), $"rule {rule.GetProperty("name")} queries {name}, which the code does not emit"));
        }
    }

    // Every instrument on the meters GitOpsTelemetry lists, as a MeterListener sees them.
    private static List<Instrument> Instruments()
    {
        _ = GitOpsMetrics.Shared;
        _ = KubernetesMetrics.Requests;
        using var factory = new PlainMeterFactory();
        using var gauges = new QueueBacklogGauges(factory, new NoBacklog(), TimeProvider.System);
        var found = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (GitOpsTelemetry.MeterNames.Contains(instrument.Meter.Name))
                {
                    found.Add(instrument);
                }
            },
        };
        listener.Start();
        return found;
    }

    // The series names the OpenTelemetry Prometheus exporter writes: dots to underscores, "s" as _seconds, _total on counters, histogram parts.
    private static HashSet<string> PrometheusNames(IEnumerable<Instrument> instruments)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
            var type = instrument.GetType().GetGenericTypeDefinition();
            if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>))
            {
                names.Add(name + "_total");
            }
            else if (type == typeof(Histogram<>))
            {
                names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
            else
            {
                names.Add(name);
            }
        }

        return names;
    }

    [GeneratedRegex(@"\bgitops_[a-z0-9_]+")]
    private static partial Regex PrometheusMetric();

    [GeneratedRegex("\"(gitops\\.[a-z0-9_.]+)\"")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"-([a-z0-9-]+)'")]
    private static partial Regex RuleName();

    private sealed class PlainMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    private sealed class NoBacklog : IQueueBacklog
    {
        public Task<IReadOnlyList<QueueBacklog>> ReadAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<QueueBacklog>>([]);
    }
}
