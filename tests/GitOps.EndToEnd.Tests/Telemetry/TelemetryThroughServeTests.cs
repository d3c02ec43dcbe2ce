using System.Diagnostics;
using Azure.Storage.Queues;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Telemetry;
using GitOps.KubeSim.Faults;
using GitOps.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.EndToEnd.Tests.Telemetry;

/// <summary>Pushes, failures, poison, throttling and drift through `gitops serve`, read back from the in-memory exporters and the Prometheus endpoint.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryThroughServeTests(TelemetryStack stack)
{
    private static readonly (string, string) Web = ("app", "web");
    private static readonly (string, string) Cluster = ("cluster", TelemetryStack.Cluster);

    [Fact]
    public async Task Push_RecordsSyncMetricsWithTheirLabels()
    {
        var job = await PushWebChangeAsync("push metrics");

        Assert.Equal(JobState.Succeeded, (await stack.WaitForJobAsync(job)).State);
        Assert.True(stack.Sum("gitops.syncs", Web, Cluster, ("result", "succeeded")) >= 1);
        Assert.True(stack.Sum("gitops.sync.duration", Web, Cluster, ("result", "succeeded")) >= 1);
        Assert.True(stack.Sum("gitops.push_to_live.duration", Web, Cluster) >= 1);
        Assert.True(stack.Sum("gitops.sync.objects", Web, Cluster, ("action", "applied")) >= 1);
        Assert.True(stack.Sum("gitops.webhook.deliveries", ("provider", "GitHub"), ("outcome", "queued")) >= 1);
        Assert.True(stack.Sum("gitops.kubernetes.requests", Cluster, ("verb", "apply")) >= 1);
        Assert.True(stack.Sum("gitops.git.fetch.duration", ("source", "platform"), ("result", "succeeded")) >= 1);
        // Bounded labels: no commit, object name or delivery id on any of them.
        var labels = new[] { "gitops.syncs", "gitops.sync.objects", "gitops.webhook.deliveries", "gitops.push_to_live.duration" }
            .SelectMany(stack.Points).SelectMany(p => p.Tags.Keys).ToHashSet();
        Assert.Subset(new HashSet<string> { "app", "cluster", "result", "action", "provider", "outcome", "reason" }, labels);
    }

    [Fact]
    public async Task Push_IsOneConnectedTraceFromTheWebhookToTheLastApply()
    {
        var job = await PushWebChangeAsync("push trace");
        await stack.WaitForJobAsync(job);

        var sync = await Eventually.ValueAsync(() => Task.FromResult(stack.Spans().FirstOrDefault(s => s.OperationName == "gitops.sync" && (string?)s.GetTagItem(GitOpsTelemetry.Tags.JobId) == job)), $"the span of job {job}");
        var trace = stack.Spans().Where(s => s.TraceId == sync.TraceId).ToList();
        var delivery = Assert.Single(trace, s => s.OperationName == "gitops.webhook.delivery");
        Assert.Equal(delivery.SpanId, sync.ParentSpanId);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s != delivery), s => Assert.Contains(s.ParentSpanId, ids));
        var steps = trace.Select(s => s.OperationName).ToHashSet();
        Assert.Superset(new HashSet<string> { "gitops.sync.resolve_head", "gitops.sync.fetch", "gitops.sync.render", "gitops.sync.plan", "gitops.sync.apply", "gitops.sync.prune", "gitops.sync.health", "gitops.sync.record" }, steps);
        var lastApply = trace.Where(s => s.OperationName == "gitops.sync.apply").Max(s => s.StartTimeUtc + s.Duration);
        Assert.True(lastApply <= sync.StartTimeUtc + sync.Duration);
    }

    [Fact]
    public async Task FailingSync_CountsAFailedSyncAndMarksItsSpan()
    {
        stack.Repo.Write(".gitops/broken.yaml", TelemetryStack.App("broken", "broken"));
        stack.Repo.Write("apps/broken/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: [unclosed\n");
        stack.Repo.Commit("a broken app");

        var records = await Task.WhenAll((await stack.PushAsync()).Select(stack.WaitForJobAsync));

        var broken = Assert.Single(records, r => r.App == "broken");
        Assert.Equal(JobState.Failed, broken.State);
        Assert.True(stack.Sum("gitops.syncs", ("app", "broken"), ("result", "failed")) >= 1);
        var span = await Eventually.ValueAsync(() => Task.FromResult(stack.Spans().FirstOrDefault(s => s.OperationName == "gitops.sync" && (string?)s.GetTagItem(GitOpsTelemetry.Tags.JobId) == broken.JobId)), "the failed job's span");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task BadMessage_CountsAPoisonedJobAndThePoisonQueueLength()
    {
        var before = stack.Sum("gitops.jobs.poisoned", ("reason", "bad_message"));
        await new QueueClient(stack.Azurite.ConnectionString, "gitops-sync").SendMessageAsync("this is not a sync job");

        await Eventually.TrueAsync(() => Task.FromResult(stack.Sum("gitops.jobs.poisoned", ("reason", "bad_message")) > before), "the poisoned counter to move");
        var gauges = stack.Services.GetRequiredService<QueueBacklogGauges>();
        await Eventually.TrueAsync(async () =>
        {
            await gauges.RefreshAsync();
            return stack.Sum("gitops.queue.length", ("queue", "gitops-sync-poison")) >= 1;
        }, "the poison queue's length gauge");
    }

    [Fact]
    public async Task ThrottledCluster_CountsThrottledRequestsAndRetries()
    {
        var throttled = stack.Sum("gitops.kubernetes.throttled", Cluster);
        var retries = stack.Sum("gitops.kubernetes.retries", Cluster, ("code", "429"));
        var rule = stack.Sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "apply", MaxCount = 1 });
        try
        {
            var job = await PushWebChangeAsync("throttled");

            Assert.Equal(JobState.Succeeded, (await stack.WaitForJobAsync(job)).State);
            Assert.Equal(1, stack.Sim.Server.Faults.Fired(rule));
            Assert.True(stack.Sum("gitops.kubernetes.throttled", Cluster, ("verb", "apply")) > throttled);
            Assert.True(stack.Sum("gitops.kubernetes.retries", Cluster, ("code", "429")) > retries);
        }
        finally
        {
            stack.Sim.Server.Faults.Clear();
        }
    }

    [Fact]
    public async Task Drift_CountsDriftedObjectsByKindAndTheHeal()
    {
        var job = await PushWebChangeAsync("before drift");
        Assert.Equal(JobState.Succeeded, (await stack.WaitForJobAsync(job)).State);
        var drifted = stack.Sum("gitops.drift.objects", Web, ("kind", "ConfigMap"));
        var heals = stack.Sum("gitops.drift.heals", Web);
        var edit = await stack.Sim.KubectlAsync("patch", "configmap", "web-config", "-n", "web", "--type", "merge", "-p", """{"data":{"greeting":"edited by hand"}}""");
        Assert.Equal(0, edit.ExitCode);

        await stack.Services.GetRequiredService<DriftSweeper>().SweepOneAsync("platform", "web", CancellationToken.None);

        Assert.True(stack.Sum("gitops.drift.objects", Web, ("kind", "ConfigMap"), ("drift", "Modified")) > drifted);
        Assert.True(stack.Sum("gitops.drift.heals", Web) > heals);
    }

    [Fact]
    public async Task PrometheusEndpoint_ExposesTheMetrics()
    {
        var job = await PushWebChangeAsync("scraped");
        await stack.WaitForJobAsync(job);
        await stack.Services.GetRequiredService<QueueBacklogGauges>().RefreshAsync();
        using var http = new HttpClient();

        var text = await http.GetStringAsync(new Uri(stack.Engine, "metrics"));

        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("gitops_syncs_total{", StringComparison.Ordinal) && l.Contains("app=\"web\"", StringComparison.Ordinal)
            && l.Contains($"cluster=\"{TelemetryStack.Cluster}\"", StringComparison.Ordinal) && l.Contains("result=\"succeeded\"", StringComparison.Ordinal));
        foreach (var series in new[] { "gitops_push_to_live_duration_seconds_bucket", "gitops_sync_duration_seconds_count", "gitops_sync_objects_total", "gitops_webhook_deliveries_total",
            "gitops_kubernetes_requests_total", "gitops_git_fetch_duration_seconds_bucket", "gitops_queue_length{" })
        {
            Assert.Contains(series, text, StringComparison.Ordinal);
        }
    }

    // Changes the web app's config map, commits, pushes and returns the web app's job.
    private async Task<string> PushWebChangeAsync(string greeting)
    {
        stack.Repo.Write("apps/web/config.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  greeting: {greeting}\n");
        stack.Repo.Commit(greeting);
        return Assert.Single(await stack.PushAsync());
    }
}
