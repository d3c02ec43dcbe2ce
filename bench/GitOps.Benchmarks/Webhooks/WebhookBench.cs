using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using GitOps.Functions.Webhooks;
using GitOps.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Benchmarks.Webhooks;

/// <summary>
/// Suite "webhooks": signed GitHub push deliveries per second and p50/p99 latency through POST /api/webhooks/github
/// (Kestrel on loopback) into Azurite, against a bare queue put of the same SyncJob message on the same Azurite.
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

        await using var app = await StartHostAsync(gitOps, catalog, storage).ConfigureAwait(false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(app.Urls.First()) };

        // One push touching one app: one job per delivery, like the bare put below.
        var body = Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/deployment.yaml"])]));
        var signature = "sha256=" + ProviderPayloads.HexHmac(Secret, body);
        var run = Guid.NewGuid().ToString("N")[..8];
        async Task<bool> DeliverAsync(string deliveryId)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
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

        // Warm up both paths (connections, JIT, table and queue creation).
        await LoadRun.RunAsync("warmup", Math.Min(200, count), concurrency, i => DeliverAsync($"warm-{run}-{i}")).ConfigureAwait(false);
        await LoadRun.RunAsync("warmup", Math.Min(200, count), concurrency, async _ => { await bareQueue.SendMessageAsync(message).ConfigureAwait(false); return true; }).ConfigureAwait(false);

        var bare = await LoadRun.RunAsync("bare queue put", count, concurrency, async _ =>
        {
            await bareQueue.SendMessageAsync(message).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        var hook = await LoadRun.RunAsync("webhook -> queue", count, concurrency, i => DeliverAsync($"{run}-{i}")).ConfigureAwait(false);

        Console.WriteLine($"webhooks: {count} operations per run, {concurrency} concurrent senders, Azurite on loopback");
        Console.WriteLine($"{"path",-18} {"ops",6} {"failed",6} {"ops/s",9} {"p50 ms",8} {"p99 ms",8}");
        foreach (var r in new[] { bare, hook })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-18} {r.Operations,6} {r.Failures,6} {r.PerSecond,9:F0} {r.P50Ms,8:F1} {r.P99Ms,8:F1}"));
        }

        var ratio = hook.PerSecond / bare.PerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput ratio webhook/bare = {ratio:F2} (target >= 0.8); webhook p99 = {hook.P99Ms:F1} ms (target < 50 ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"storage requests per delivery: 4 (claim insert, job record upsert, queue put, claim complete) vs 1 for the bare put"));
        return hook.Failures == 0 ? 0 : 1;
    }

    private static async Task<WebApplication> StartHostAsync(GitOpsOptions gitOps, IAppCatalog catalog, BenchStorage storage)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(Options.Create(gitOps));
        builder.Services.AddSingleton(catalog);
        storage.Register(builder.Services);
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
