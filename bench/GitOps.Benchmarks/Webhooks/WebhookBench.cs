using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using GitOps.Functions.Webhooks;
using GitOps.Storage.Jobs;
using GitOps.Storage.Webhooks;
using GitOps.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Benchmarks.Webhooks;

/// <summary>
/// Suite "webhook": signed GitHub push deliveries per second and p50/p99 latency through POST /api/webhooks/github
/// (Kestrel on loopback) into Azurite, against the same storage writes done bare through the SDK (claim insert; queue put
/// with the job's record insert alongside; claim completion; no webhook code), plus the same host with its delivery log
/// and job store in memory (what the tables add), and an open-loop run for latency.
/// </summary>
/// <remarks>Usage: <c>webhooks [--count N] [--concurrency C]</c> (defaults 2000 and 50). Bounded: every run stops after N operations.</remarks>
public static class WebhookBench
{
    private const string Secret = "bench-secret";

    /// <summary>Runs the suite and prints a table; returns 0.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = Option(args, "--count", 2000);
        var concurrency = Option(args, "--concurrency", 50);

        await using var storage = await BenchStorage.StartAsync().ConfigureAwait(false);
        var catalog = new FixtureAppCatalog(
            new AppDefinition { Name = "web", Source = "mono", Path = "apps/web", Cluster = "local" },
            new AppDefinition { Name = "api", Source = "mono", Path = "apps/api", Cluster = "local" },
            new AppDefinition { Name = "worker", Source = "mono", Path = "apps/worker", Cluster = "local" });
        var gitOps = new GitOpsOptions
        {
            Sources = { ["mono"] = new SourceOptions { Url = "https://github.com/org/mono.git", Branch = "main", Provider = "github", WebhookSecrets = [Secret] } },
        };

        // The product (table-backed delivery log and job store), and the same host with both in memory: the floor.
        await using var app = await StartHostAsync(gitOps, catalog, storage, inMemoryRecords: false).ConfigureAwait(false);
        await using var floorApp = await StartHostAsync(gitOps, catalog, storage, inMemoryRecords: true).ConfigureAwait(false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });

        // One push touching one app: one job per delivery, like the bare put below.
        var body = Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/deployment.yaml"])]));
        var signature = "sha256=" + ProviderPayloads.HexHmac(Secret, body);
        var run = Guid.NewGuid().ToString("N")[..8];
        async Task<bool> DeliverAsync(WebApplication host, string deliveryId)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(host.Urls.First()), "/api/webhooks/github")) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.Add("X-GitHub-Event", "push");
            message.Headers.Add("X-GitHub-Delivery", deliveryId);
            message.Headers.Add("X-Hub-Signature-256", signature);
            using var response = await http.SendAsync(message).ConfigureAwait(false);
            return (int)response.StatusCode == 202;
        }

        var job = new SyncJob
        {
            SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = Guid.NewGuid().ToString("N"), Source = "mono", App = "web",
            Reason = SyncReason.Push, RequestedAt = DateTimeOffset.UtcNow, DeliveryId = Guid.NewGuid().ToString(), CommitHint = new string('2', 40),
        };
        var message = SyncJobCodec.Serialize(job);
        var bareQueue = storage.Queue("bench-bare");
        await bareQueue.CreateIfNotExistsAsync().ConfigureAwait(false);

        var bareDeliveries = storage.Table(TableDeliveryLog.DefaultTableName);
        var bareJobs = storage.Table(TableJobStore.DefaultTableName);
        async Task<bool> BareWritesAsync(int i)
        {
            // What a delivery writes, with none of the webhook's code: the claim, the put and the job's record, the completion.
            var partition = $"bare-{run}-{i}";
            var claim = await bareDeliveries.AddEntityAsync(new TableEntity(partition, "delivery") { ["DeliveryKey"] = partition, ["State"] = "Pending", ["Owner"] = run }).ConfigureAwait(false);
            var jobId = Guid.NewGuid().ToString("N");
            await Task.WhenAll(
                bareQueue.SendMessageAsync(message),
                bareJobs.AddEntityAsync(new TableEntity("job|" + jobId, "job")
                {
                    ["JobId"] = jobId, ["Source"] = "mono", ["App"] = "web", ["Reason"] = "Push", ["State"] = "Queued",
                    ["QueuedAt"] = DateTimeOffset.UtcNow, ["Attempts"] = 0, ["DeliveryId"] = partition,
                })).ConfigureAwait(false);
            await bareDeliveries.UpdateEntityAsync(new TableEntity(partition, "delivery") { ["State"] = "Done", ["JobIds"] = jobId }, claim.Headers.ETag!.Value, TableUpdateMode.Merge).ConfigureAwait(false);
            return true;
        }

        var cpu = () => storage.AzuriteCpu;

        // Warm up every path (connections, JIT, table and queue creation).
        await LoadRun.RunAsync("warmup", Math.Min(200, count), concurrency, i => DeliverAsync(app, $"warm-{run}-{i}"), cpu).ConfigureAwait(false);
        await LoadRun.RunAsync("warmup", Math.Min(200, count), concurrency, i => DeliverAsync(floorApp, $"warm-floor-{run}-{i}"), cpu).ConfigureAwait(false);
        await LoadRun.RunAsync("warmup", Math.Min(200, count), concurrency, i => BareWritesAsync(-1 - i), cpu).ConfigureAwait(false);

        // Closed loop: every sender sends again as soon as it is answered, so this finds the ceiling.
        var bare = await LoadRun.RunAsync("bare SDK writes", count, concurrency, BareWritesAsync, cpu).ConfigureAwait(false);
        var requestsBefore = storage.Requests;
        var hook = await LoadRun.RunAsync("webhook -> queue", count, concurrency, i => DeliverAsync(app, $"{run}-{i}"), cpu).ConfigureAwait(false);
        var requestsPerDelivery = (double)(storage.Requests - requestsBefore) / count;
        var floor = await LoadRun.RunAsync("webhook, no tables", count, concurrency, i => DeliverAsync(floorApp, $"floor-{run}-{i}"), cpu).ConfigureAwait(false);

        // Open loop: a steady stream at half the webhook's own ceiling, so latency is the path's, not the senders' queueing.
        var rate = Math.Round(hook.PerSecond / 2);
        var paceCount = Math.Max(200, count / 2);
        var barePaced = await LoadRun.RunPacedAsync($"bare @ {rate:F0}/s", paceCount, concurrency, rate, i => BareWritesAsync(count + i), cpu).ConfigureAwait(false);
        var hookPaced = await LoadRun.RunPacedAsync($"webhook @ {rate:F0}/s", paceCount, concurrency, rate, i => DeliverAsync(app, $"paced-{run}-{i}"), cpu).ConfigureAwait(false);

        Console.WriteLine($"webhooks: {count} operations per closed-loop run, {concurrency} concurrent senders, Azurite (in memory) on loopback; 2 cores shared by senders, host and Azurite");
        Console.WriteLine($"{"path",-22} {"ops",6} {"failed",6} {"ops/s",9} {"p50 ms",8} {"p99 ms",8} {"Azurite CPU us/op",18} {"bench CPU us/op",16}");
        foreach (var r in new[] { bare, hook, floor, barePaced, hookPaced })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-22} {r.Operations,6} {r.Failures,6} {r.PerSecond,9:F0} {r.P50Ms,8:F1} {r.P99Ms,8:F1} {r.ServerCpuMicros,18:F0} {r.OwnCpuMicros,16:F0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput ratio webhook/bare SDK writes = {hook.PerSecond / bare.PerSecond:F2} (target >= 0.8); with no table writes {floor.PerSecond / bare.PerSecond:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Azurite CPU per delivery: {hook.ServerCpuMicros:F0} us, of which the tables {hook.ServerCpuMicros - floor.ServerCpuMicros:F0} us; the bare writes {bare.ServerCpuMicros:F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhook p99 = {hook.P99Ms:F1} ms closed loop (bare writes' own p99 {bare.P99Ms:F1} ms), {hookPaced.P99Ms:F1} ms at a steady {rate:F0} deliveries/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"storage requests per delivery: {requestsPerDelivery:F2} (dedup claim; the queue put with the job's record alongside; the claim's completion: 3 round trips, 4 requests)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT webhook deliveries/s={hook.PerSecond:F0} p50={hook.P50Ms:F1} p99={hook.P99Ms:F1} bare/s={bare.PerSecond:F0} ratio={hook.PerSecond / bare.PerSecond:F2} requests/delivery={requestsPerDelivery:F2}"));
        return hook.Failures + floor.Failures + hookPaced.Failures == 0 ? 0 : 1;
    }

    private static async Task<WebApplication> StartHostAsync(GitOpsOptions gitOps, IAppCatalog catalog, BenchStorage storage, bool inMemoryRecords)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(Options.Create(gitOps));
        builder.Services.AddSingleton(catalog);
        storage.Register(builder.Services, inMemoryRecords);
        builder.Services.AddGitOpsWebhooks();
        var app = builder.Build();
        foreach (var function in app.Services.GetServices<IHttpFunction>())
        {
            app.MapMethods($"/api/{function.Route}", function.Methods, function.HandleAsync);
        }

        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
    }
}
