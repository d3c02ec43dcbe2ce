using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using GitOps.Cli.Tests.Cli;
using GitOps.Engine.Apps;
using GitOps.Engine.Drift;
using GitOps.Engine.Jobs;
using GitOps.Engine.Sync;
using GitOps.Functions.Hosting;
using GitOps.Storage;
using GitOps.Storage.Jobs;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Tests.Serve;

/// <summary>The sync queue through `gitops serve` (the WebJobs queue listener) on a real Azurite: retries, poison, bad messages, and every producer's message consumed.</summary>
public sealed class ServeQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Secret = "serve-tests-secret";

    private StorageAccount Account => StorageAccount.FromConnectionString(azurite.ConnectionString);

    private QueueClient SyncQueue => Account.Queues.GetQueueClient(FunctionNames.SyncQueue);

    private QueueClient PoisonQueue => Account.Queues.GetQueueClient(FunctionNames.SyncPoisonQueue);

    private TableJobStore Jobs => new(Account.Tables);

    private async Task<ServeTestHost> StartAsync(ScriptedSyncJobHandler handler, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        await SyncQueue.CreateIfNotExistsAsync();
        await PoisonQueue.CreateIfNotExistsAsync();
        await Jobs.EnsureCreatedAsync();
        return await ServeTestHost.StartAsync(azurite.ConnectionString, services =>
        {
            services.AddSingleton<ISyncJobHandler>(handler);
            services.AddSingleton<IDriftSweeper>(new CountingDriftSweeper());
            configure?.Invoke(services);
        }, settings);
    }

    private async Task<JobRecord> WaitForStateAsync(string jobId, JobState state) =>
        await Eventually.ValueAsync(async () => await Jobs.GetAsync(jobId) is { } r && r.State == state ? r : null, $"job {jobId} to be {state}");

    private async Task<string> WaitForPoisonAsync(Func<string, bool> match) =>
        await Eventually.ValueAsync(async () => (await PoisonQueue.PeekMessagesAsync(32)).Value.Select(m => m.MessageText).FirstOrDefault(match), "a matching message in gitops-sync-poison");

    [Fact]
    public async Task FailingJob_MaxDequeueCountTimes_LandsInPoisonQueueAndGitopsJobsShowsItsReason()
    {
        var handler = new ScriptedSyncJobHandler((job, delivery, _) => throw new InvalidOperationException($"cluster unreachable (attempt {delivery.DequeueCount})"));
        await using var host = await StartAsync(handler, new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3" });
        var job = TestJobs.Create("poisoned-" + Guid.NewGuid().ToString("N")[..8]);
        var text = SyncJobCodec.Serialize(job);

        await SyncQueue.SendMessageAsync(text);
        var poisoned = await WaitForPoisonAsync(t => t == text);
        var record = await WaitForStateAsync(job.JobId, JobState.Poisoned);
        var jobs = await CliRun.RunAsync(azurite.ConnectionString, "jobs");

        Assert.Equal(text, poisoned);
        Assert.Equal(3, record.Attempts);
        Assert.Equal([1L, 2L, 3L], handler.Calls.Where(c => c.Job.JobId == job.JobId).Select(c => c.Delivery.DequeueCount));
        Assert.Contains("Attempt 3 of 3 failed, moved to the poison queue: cluster unreachable (attempt 3)", record.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, jobs.Exit);
        Assert.Contains("cluster unreachable (attempt 3)", jobs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingTwiceThenSucceeding_IsRetriedByTheListenerAndRecordsThreeAttempts()
    {
        var handler = new ScriptedSyncJobHandler((job, delivery, _) => delivery.DequeueCount < 3 ? throw new InvalidOperationException("not yet") : Task.CompletedTask);
        await using var host = await StartAsync(handler);
        var job = TestJobs.Create("flaky");

        await SyncQueue.SendMessageAsync(SyncJobCodec.Serialize(job));
        var record = await WaitForStateAsync(job.JobId, JobState.Succeeded);

        Assert.Equal(3, record.Attempts);
    }

    [Fact]
    public async Task NonJsonMessage_GoesToPoisonAtOnceWithItsReason()
    {
        await using var host = await StartAsync(new ScriptedSyncJobHandler());
        var text = "not json " + Guid.NewGuid().ToString("N");

        SendReceipt receipt = await SyncQueue.SendMessageAsync(text);
        var poisoned = await WaitForPoisonAsync(t => t.Contains(text, StringComparison.Ordinal));
        var record = await WaitForStateAsync("message-" + receipt.MessageId, JobState.Poisoned);

        using var envelope = JsonDocument.Parse(poisoned);
        Assert.Equal(text, envelope.RootElement.GetProperty("message").GetString());
        Assert.Contains("Bad message, moved to the poison queue without retry", envelope.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, record.Attempts);
    }

    [Fact]
    public async Task WebhookProducer_SignedPush_JobIsConsumed()
    {
        var handler = new ScriptedSyncJobHandler();
        var app = new AppDefinition { Name = "hooked", Source = "platform", Path = "apps/hooked", Cluster = "c" };
        await using var host = await StartAsync(handler, new Dictionary<string, string?>
        {
            ["GitOps:Sources:platform:Url"] = "https://git.example/org/platform.git",
            ["GitOps:Sources:platform:Repository"] = "org/platform",
            ["GitOps:Sources:platform:WebhookSecrets:0"] = Secret,
        }, services => services.AddSingleton<IAppCatalog>(new FixtureAppCatalog(app)));
        var after = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "01234567";
        var body = Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush("org/platform", "refs/heads/main", new string('1', 40), after,
            [new ProviderPayloads.Commit(Modified: ["apps/hooked/deployment.yaml"])]));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseUrl, "api/webhooks/github")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + ProviderPayloads.HexHmac(Secret, body));
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer);
        var jobId = JsonDocument.Parse(answer).RootElement.GetProperty("jobs")[0].GetString()!;
        await Eventually.TrueAsync(() => Task.FromResult(handler.Received(jobId)), "the webhook's job to reach the sync body");
        await WaitForStateAsync(jobId, JobState.Succeeded);
    }

    [Fact]
    public async Task CliSyncProducer_Job_IsConsumed()
    {
        var handler = new ScriptedSyncJobHandler();
        await using var host = await StartAsync(handler);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "sync", "manual-app", "--source", "platform", "--wait", "--timeout", "00:01:00", "--interval", "00:00:00.200");

        Assert.True(result.Exit == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains(handler.Calls, c => c.Job.App == "manual-app" && c.Job.Reason == SyncReason.Manual);
    }

    [Theory]
    [InlineData(SyncReason.Drift, 0)]
    [InlineData(SyncReason.Resume, 1)]
    [InlineData(SyncReason.Poll, 0)]
    public async Task EngineProducers_HealResumeAndPoll_AreConsumed(SyncReason reason, int delaySeconds)
    {
        // The drift sweep (heal, poll) and the sync handler (resume) enqueue through the host's IJobQueue, as here.
        var handler = new ScriptedSyncJobHandler();
        await using var host = await StartAsync(handler);
        var job = TestJobs.Create("engine-" + reason.ToString().ToLowerInvariant(), reason: reason);

        await host.Services.GetRequiredService<IJobQueue>().EnqueueAsync(job, delaySeconds == 0 ? null : TimeSpan.FromSeconds(delaySeconds));

        await Eventually.TrueAsync(() => Task.FromResult(handler.Received(job.JobId)), $"the {reason} job to reach the sync body");
    }

    [Fact]
    public async Task RetryOfAPoisonedJob_IsConsumed()
    {
        var clusterDown = true;
        var handler = new ScriptedSyncJobHandler((job, delivery, _) => Volatile.Read(ref clusterDown) ? throw new InvalidOperationException("cluster down") : Task.CompletedTask);
        await using var host = await StartAsync(handler, new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "1" });
        var job = TestJobs.Create("retried-" + Guid.NewGuid().ToString("N")[..8]);
        await SyncQueue.SendMessageAsync(SyncJobCodec.Serialize(job));
        await WaitForStateAsync(job.JobId, JobState.Poisoned);
        await WaitForPoisonAsync(t => t.Contains(job.JobId, StringComparison.Ordinal));
        Volatile.Write(ref clusterDown, false);

        var retry = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "retry", job.JobId);
        var record = await WaitForStateAsync(job.JobId, JobState.Succeeded);

        Assert.True(retry.Exit == ExitCodes.Ok, retry.Output + retry.Error);
        Assert.Equal(2, handler.Calls.Count(c => c.Job.JobId == job.JobId));
        Assert.Null(record.Error);
    }

    [Fact]
    public async Task TwoHosts_JobsOfOneApp_NeverSyncTheAppAtOnce()
    {
        // Each host's body takes the app lease from its own composition (the table lease, as the sync handler does).
        var active = 0;
        var mostAtOnce = 0;
        ServeTestHost? first = null, second = null;
        ScriptedSyncJobHandler Body(Func<ServeTestHost?> host) => new(async (job, delivery, ct) =>
        {
            await using var held = await host()!.Services.GetRequiredService<IAppLease>().TryAcquireAsync(job.App, TimeSpan.FromMinutes(1), ct)
                ?? throw new InvalidOperationException("the app is leased by the other host");
            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref mostAtOnce, now);
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct); // the sync's work, while the lease is held
            Interlocked.Decrement(ref active);
        });
        var settings = new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:batchSize"] = "2",
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "100",
        };
        var a = Body(() => first);
        var b = Body(() => second);
        await using (first = await StartAsync(a, settings))
        await using (second = await StartAsync(b, settings))
        {
            var jobs = Enumerable.Range(0, 8).Select(_ => TestJobs.Create("shared-app")).ToList();
            foreach (var job in jobs)
            {
                await SyncQueue.SendMessageAsync(SyncJobCodec.Serialize(job));
            }

            foreach (var job in jobs)
            {
                await WaitForStateAsync(job.JobId, JobState.Succeeded);
            }
        }

        Assert.Equal(1, mostAtOnce);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
