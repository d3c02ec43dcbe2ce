using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Storage.Queues;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Storage;
using GitOps.Storage.Accounts;
using GitOps.Storage.Jobs;
using GitOps.Storage.Webhooks;
using GitOps.Testing.Azurite;
using GitOps.Testing.Webhooks;
using Xunit.Abstractions;

namespace GitOps.Functions.Tests.Webhooks;

/// <summary>A delivery answers 2xx exactly when its jobs are queued, and each job is queued once: on real Azurite, with storage faults in the SDK pipeline.</summary>
public sealed class WebhookExactlyOnceTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string Secret = "exactly-once-secret";

    private static readonly AppDefinition[] Apps =
    [
        new() { Name = "web", Source = "mono", Path = "apps/web", Cluster = "local" },
        new() { Name = "api", Source = "mono", Path = "apps/api", Cluster = "local" },
    ];

    [Fact]
    public async Task Post_JobRecordOutlastsTheTimeBudget_Answers202_AndARedeliveryIsADuplicate()
    {
        // The put is quick; the Queued record's insert outlasts the whole budget. The job is queued, so the answer is 202.
        var names = Names.Fresh();
        var slowRecords = new StorageFaultPolicy(StorageFaultPolicy.To(RequestMethod.Post, "/" + names.Jobs), delay: TimeSpan.FromSeconds(1));
        await using var host = await StartAsync(names, slowRecords, TimeSpan.FromMilliseconds(300));

        using var first = await host.Client.SendAsync(Post(PushTouching("apps/web/a.yaml"), "slow-record"));
        using var second = await host.Client.SendAsync(Post(PushTouching("apps/web/a.yaml"), "slow-record"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("queued", await StatusOf(first));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("duplicate", await StatusOf(second));
        Assert.Single(await QueuedJobsAsync(names.Queue));
    }

    [Fact]
    public async Task Post_OneOfTwoPutsFails_Answers503_AndTheRedeliveryQueuesOnlyTheOtherJob()
    {
        var names = Names.Fresh();
        // The api job's put fails (every attempt) during the first delivery only.
        var failApi = new StorageFaultPolicy(StorageFaultPolicy.BodyContains(RequestMethod.Post, "\"app\":\"api\""), fail: true);
        await using var host = await StartAsync(names, failApi, TimeSpan.FromSeconds(8));
        var push = PushTouching("apps/web/a.yaml", "apps/api/b.yaml");

        using var first = await host.Client.SendAsync(Post(push, "partial"));
        var afterFirst = await QueuedJobsAsync(names.Queue);
        failApi.Failing = false;
        using var second = await host.Client.SendAsync(Post(push, "partial"));
        using var third = await host.Client.SendAsync(Post(push, "partial"));
        var queuedLater = await QueuedJobsAsync(names.Queue);
        var queued = afterFirst.Concat(queuedLater).ToList();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(["web"], afterFirst.Select(j => j.App));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("queued", await StatusOf(second));
        Assert.Equal(["api"], queuedLater.Select(j => j.App));
        Assert.Equal(queued.Select(j => j.JobId).Order(StringComparer.Ordinal), (await JobsOf(second)).Order(StringComparer.Ordinal));
        Assert.Equal("duplicate", await StatusOf(third));
        Assert.Equal(queued.Select(j => j.JobId).Order(StringComparer.Ordinal), (await JobsOf(third)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Post_1000SimultaneousDeliveries_EveryJobQueuedExactlyOnce_No503ForAQueuedJob()
    {
        const int Deliveries = 1000;
        var names = Names.Fresh();
        await using var host = await StartAsync(names, fault: null, TimeSpan.FromSeconds(8), kestrel: true);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Deliveries })
        {
            BaseAddress = host.Client.BaseAddress,
            Timeout = TimeSpan.FromMinutes(2), // bounded: a stuck request fails the test instead of hanging it
        };
        var body = PushTouching("apps/web/a.yaml");
        var answers = new ConcurrentDictionary<string, HttpStatusCode>();
        var latencies = new ConcurrentBag<double>();
        using var start = new ManualResetEventSlim();

        var senders = Enumerable.Range(0, Deliveries).Select(i => Task.Run(async () =>
        {
            var id = $"load-{i}";
            start.Wait();
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(Post(body, id));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            answers[id] = response.StatusCode;
        })).ToList();
        start.Set();
        await Task.WhenAll(senders);
        var queued = await QueuedJobsAsync(names.Queue);

        // The sender redelivers what was answered 503, a few at a time.
        var refused = answers.Where(a => a.Value == HttpStatusCode.ServiceUnavailable).Select(a => a.Key).ToList();
        var redelivered = new ConcurrentDictionary<string, HttpStatusCode>();
        await Parallel.ForEachAsync(refused, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
        {
            using var response = await http.SendAsync(Post(body, id), ct);
            redelivered[id] = response.StatusCode;
        });
        var queuedLater = await QueuedJobsAsync(names.Queue);

        var sorted = latencies.Order().ToArray();
        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Deliveries} simultaneous deliveries: {answers.Values.Count(s => s == HttpStatusCode.Accepted)} × 202, {refused.Count} × 503 (all queued on redelivery: {redelivered.Values.All(s => s == HttpStatusCode.Accepted)}); p50 {Percentile(sorted, 0.50):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms"));

        var byDelivery = queued.Concat(queuedLater).GroupBy(j => j.DeliveryId!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(answers, a => Assert.Contains(a.Value, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        Assert.All(answers.Where(a => a.Value == HttpStatusCode.Accepted), a => Assert.Contains(queued, j => j.DeliveryId == a.Key));
        Assert.All(refused, id => Assert.DoesNotContain(queued, j => j.DeliveryId == id));
        Assert.All(redelivered, r => Assert.Equal(HttpStatusCode.Accepted, r.Value));
        Assert.Equal(Deliveries, byDelivery.Count);
        Assert.All(byDelivery, d => Assert.Equal(1, d.Value));
    }

    private async Task<WebhookTestHost> StartAsync(Names names, StorageFaultPolicy? fault, TimeSpan budget, bool kestrel = false)
    {
        var options = new StorageClientOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromSeconds(30) };
        if (fault is not null)
        {
            options.AddPolicy(fault, HttpPipelinePosition.PerRetry);
        }

        var account = StorageAccount.FromConnectionString(azurite.ConnectionString, options);
        var jobs = account.Tables.GetTableClient(names.Jobs);
        var deliveries = account.Tables.GetTableClient(names.Deliveries);
        var queue = account.Queues.GetQueueClient(names.Queue);
        await Task.WhenAll(jobs.CreateIfNotExistsAsync(), deliveries.CreateIfNotExistsAsync(), queue.CreateIfNotExistsAsync());
        var gitOps = new GitOpsOptions
        {
            Sources = { ["mono"] = new SourceOptions { Url = "https://github.com/org/mono.git", Branch = "main", Provider = "github", WebhookSecrets = [Secret] } },
        };
        return await WebhookTestHost.StartAsync(
            gitOps, new FixtureAppCatalog(Apps), new WebhookOptions { EnqueueTimeout = budget },
            new QueueJobQueue(queue), new TableJobStore(jobs), new TableDeliveryLog(deliveries, TimeSpan.FromHours(24), TimeSpan.FromMinutes(2)), kestrel);
    }

    private async Task<List<SyncJob>> QueuedJobsAsync(string queueName)
    {
        var queue = StorageAccount.FromConnectionString(azurite.ConnectionString).Queues.GetQueueClient(queueName);
        var jobs = new List<SyncJob>();
        while (true)
        {
            // Received messages stay hidden for the rest of the test, so each is read once.
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10))).Value;
            if (batch.Length == 0)
            {
                return jobs;
            }

            jobs.AddRange(batch.Select(m => SyncJobCodec.Deserialize(m.MessageText)));
        }
    }

    private static async Task<string> StatusOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("status").GetString()!;
    }

    private static async Task<List<string>> JobsOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()!)];
    }

    private static HttpRequestMessage Post(byte[] body, string delivery)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add("X-GitHub-Event", "push");
        message.Headers.Add("X-GitHub-Delivery", delivery);
        message.Headers.Add("X-Hub-Signature-256", "sha256=" + ProviderPayloads.HexHmac(Secret, body));
        return message;
    }

    private static byte[] PushTouching(params string[] paths) => Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush(
        "org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: paths)]));

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed record Names(string Jobs, string Deliveries, string Queue)
    {
        public static Names Fresh()
        {
            var suffix = Guid.NewGuid().ToString("N")[..10];
            return new Names("Jobs" + suffix, "Deliveries" + suffix, "sync-" + suffix);
        }
    }
}
