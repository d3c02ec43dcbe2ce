using System.Diagnostics;
using System.Globalization;
using GitOps.Cli.Serve;
using GitOps.Engine.Jobs;
using GitOps.Engine.Telemetry;
using GitOps.Functions.Hosting;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.Git;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GitOps.EndToEnd.Tests.Telemetry;

/// <summary>
/// `gitops serve` composed as the serve verb composes it, with real parts (Azurite, the API simulator, a git daemon on
/// loopback) and OpenTelemetry's in-memory exporters added to the host's providers.
/// </summary>
public sealed class TelemetryStack : IAsyncLifetime
{
    /// <summary>The simulated cluster's name: every cluster-tagged measurement of this stack carries it.</summary>
    public const string Cluster = "telemetry-sim";

    private const string WebhookSecret = "telemetry-webhook-secret";
    private const string Repository = "example/telemetry";
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly SyncedCollection<Activity> _spans = new();
    private AzuriteInstance? _azurite;
    private KubeSimInstance? _sim;
    private GitDaemon? _git;
    private TempFolder? _work;
    private WebApplication? _app;

    public KubeSimInstance Sim => _sim ?? throw new InvalidOperationException("not started");
    public AzuriteInstance Azurite => _azurite ?? throw new InvalidOperationException("not started");
    public GitRepoBuilder Repo { get; private set; } = default!;
    public Uri Engine { get; private set; } = default!;
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _sim = await KubeSimInstance.StartAsync();
        _work = new TempFolder();
        _git = GitDaemon.Start(Path.Combine(_work.Path, "serve"));
        Repo = _git.CreateRepository("platform.git");
        Repo.Write(".gitops/web.yaml", App("web", "web", "selfHeal: true"));
        Repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        Repo.Write("apps/web/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  greeting: hello\n");
        Repo.Commit("add the web app");

        var port = FreePort.Next();
        var builder = ServeHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["GitOps:Serve:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["GitOps:Serve:HostId"] = "telemetry-tests",
            ["GitOps:Serve:HostJsonPath"] = Path.Combine(ToolPaths.RepositoryRoot, "host.json"),
            ["GitOps:Sources:platform:Url"] = _git.UrlOf("platform.git"),
            ["GitOps:Sources:platform:Branch"] = "main",
            ["GitOps:Sources:platform:Provider"] = "github",
            ["GitOps:Sources:platform:Repository"] = Repository,
            ["GitOps:Sources:platform:WebhookSecrets:0"] = WebhookSecret,
            [$"GitOps:Clusters:{Cluster}:Auth"] = "kubeconfig",
            [$"GitOps:Clusters:{Cluster}:Kubeconfig"] = _sim.KubeconfigPath,
            ["GitOps:Git:CacheDirectory"] = Path.Combine(_work.Path, "git-cache"),
            ["GitOps:Tools:Kubectl"] = ToolPaths.Kubectl,
            ["GitOps:Sync:ResumeDelay"] = "00:00:01",
            ["GitOps:DriftSchedule"] = "0 0 0 1 1 *", // sweeps only when a test asks
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
        });
        builder.Logging.ClearProviders();
        // Exports happen only when a test collects (ForceFlush), never on the reader's own timer.
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        _app = ServeHost.Build(builder);
        StartupValidation.ValidateAll(_app.Services);
        await _app.StartAsync();
        Engine = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>An app definition of the platform source on the simulated cluster.</summary>
    public static string App(string name, string ns, string extra = "") =>
        $"apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {{ name: {name} }}\nspec:\n  path: apps/{name}\n  cluster: {Cluster}\n  namespace: {ns}\n  {extra}\n";

    /// <summary>Sends GitHub's signed push webhook for the head commit and the files it changed; returns the job ids.</summary>
    public Task<IReadOnlyList<string>> PushAsync() => GitHubPushSender.PushHeadAsync(Engine, Repo, Repository, WebhookSecret);

    /// <summary>Waits until the job's record reaches a final state and returns it.</summary>
    public async Task<JobRecord> WaitForJobAsync(string jobId)
    {
        var store = Services.GetRequiredService<IJobStore>();
        return await Eventually.ValueAsync(async () => await store.GetAsync(jobId) is { State: JobState.Succeeded or JobState.Failed or JobState.Poisoned } done ? done : null, $"job {jobId} to finish");
    }

    /// <summary>Collects the host's metrics now and returns the points of <paramref name="name"/> (cumulative since start).</summary>
    public IReadOnlyList<Point> Points(string name)
    {
        lock (_metrics)
        {
            _metrics.Clear();
            Services.GetRequiredService<MeterProvider>().ForceFlush();
            var points = new List<Point>();
            foreach (var metric in _metrics.Where(m => m.Name == name))
            {
                foreach (var point in metric.MetricPoints)
                {
                    var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value?.ToString() ?? "";
                    }

                    var value = metric.MetricType switch
                    {
                        MetricType.LongSum => point.GetSumLong(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        _ => point.GetSumDouble(),
                    };
                    points.Add(new Point(tags, value));
                }
            }

            return points;
        }
    }

    /// <summary>The sum of <paramref name="name"/>'s points whose tags include every one of <paramref name="tags"/> (a histogram counts its records).</summary>
    public double Sum(string name, params (string Key, string Value)[] tags) =>
        Points(name).Where(p => tags.All(t => p.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(p => p.Value);

    /// <summary>The spans ended so far.</summary>
    public IReadOnlyList<Activity> Spans() => _spans.Snapshot();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _git?.Dispose();
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _work?.Dispose();
    }

    /// <summary>A collection the exporter may add to from any thread while a test reads it.</summary>
    private sealed class SyncedCollection<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count { get { lock (_items) { return _items.Count; } } }

        public bool IsReadOnly => false;

        public void Add(T item) { lock (_items) { _items.Add(item); } }

        public void Clear() { lock (_items) { _items.Clear(); } }

        public bool Contains(T item) { lock (_items) { return _items.Contains(item); } }

        public void CopyTo(T[] array, int arrayIndex) { lock (_items) { _items.CopyTo(array, arrayIndex); } }

        public bool Remove(T item) { lock (_items) { return _items.Remove(item); } }

        public IReadOnlyList<T> Snapshot() { lock (_items) { return [.. _items]; } }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>One metric point: its tags and its value (a histogram's count).</summary>
    public sealed record Point(IReadOnlyDictionary<string, string> Tags, double Value);
}
