using System.Text;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Testing.Webhooks;
using static GitOps.Engine.Tests.Webhooks.ReceiverHarness;

namespace GitOps.Engine.Tests.Webhooks;

public sealed class WebhookReceiverGitHubTests
{
    private const string Secret = "examples-secret";

    private static ReceiverHarness HelloWorld() => new(
        new GitOpsOptions { Sources = { ["hello"] = Source("https://github.com/Codertocat/Hello-World.git", "master", "github", "old-secret", Secret) } },
        App("docs", "hello", "docs"), App("site", "hello", "site"));

    private static (string, string)[] Headers(string @event, string delivery, string? signature)
        => signature is null
            ? [("X-GitHub-Event", @event), ("X-GitHub-Delivery", delivery)]
            : [("X-GitHub-Event", @event), ("X-GitHub-Delivery", delivery), ("X-Hub-Signature-256", signature)];

    [Fact]
    public async Task HandleAsync_EveryPushExampleSignedByOctokit_Accepted()
    {
        var examples = GitHubExamples.Load("push");
        var forms = examples.Select(e => "payload=" + Uri.EscapeDataString(e)).ToList();
        var signatures = await GitHubSigner.SignAsync([.. examples.Select(e => (Secret, e)), .. forms.Select(f => (Secret, f))]);
        var harness = HelloWorld();

        var queued = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            var json = await harness.SendAsync("github", examples[i], "application/json", Headers("push", $"json-{i}", signatures[i]));
            var form = await harness.SendAsync("github", forms[i], "application/x-www-form-urlencoded", Headers("push", $"form-{i}", signatures[examples.Count + i]));
            foreach (var result in new[] { json, form })
            {
                Assert.Equal(202, result.StatusCode);
                Assert.Null(result.Rejection);
                Assert.Contains(result.Response.Status, new[] { "queued", "ignored" });
                queued += result.Response.Jobs?.Count ?? 0;
            }
        }

        // The branch-creating examples on master affect every app (paths unknown); the tag pushes nothing.
        var branchPushes = examples.Count(e => e.Contains("\"refs/heads/master\"", StringComparison.Ordinal));
        Assert.Equal(branchPushes * 2 * 2, queued);
        Assert.Equal(queued, harness.Queue.Jobs.Count);
        Assert.All(harness.Queue.Jobs, j => Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", j.CommitHint));
    }

    [Fact]
    public async Task HandleAsync_TamperedOrBadlySignedExamples_401AndNothingEnqueued()
    {
        var examples = GitHubExamples.Load("push");
        var signed = await GitHubSigner.SignAsync([.. examples.Select(e => (Secret, e)), .. examples.Select(e => ("wrong-secret", e))]);
        var harness = HelloWorld();

        for (var i = 0; i < examples.Count; i++)
        {
            var body = Encoding.UTF8.GetBytes(examples[i]);
            var tampered = (byte[])body.Clone();
            tampered[body.Length / 2] ^= 0x01;
            var good = signed[i];

            var cases = new (byte[] Body, string? Signature, string Rejection)[]
            {
                (tampered, good, "signature_mismatch"),
                (body, signed[examples.Count + i], "signature_mismatch"),
                (body, "sha1=" + good[7..47], "malformed_signature"),
                (body, null, "missing_signature"),
                (body, good[..^1], "malformed_signature"),
            };
            foreach (var (payload, signature, rejection) in cases)
            {
                var result = await harness.SendAsync("github", payload, "application/json", Headers("push", $"d-{i}", signature));
                Assert.Equal(401, result.StatusCode);
                Assert.Equal(rejection, result.Rejection);
                Assert.Equal("rejected", result.Response.Status);
            }
        }

        harness.AssertNothingHappened();
        Assert.Empty(harness.Catalog.Requests);
    }

    [Fact]
    public async Task HandleAsync_PingExample_Pong()
    {
        var ping = GitHubExamples.Load("ping")[0];
        var signature = (await GitHubSigner.SignAsync([(Secret, ping)]))[0];
        var result = await HelloWorld().SendAsync("github", ping, "application/json", Headers("ping", "p-1", signature));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("pong", result.Response.Status);
    }

    [Fact]
    public async Task HandleAsync_MonorepoPushTouchingOneApp_EnqueuesOnlyThatApp()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"), App("api", "mono", "apps/api", "shared/lib"), App("worker", "mono", "apps/worker"));
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40),
            [new(Modified: ["apps/web/deployment.yaml"]), new(Added: ["README.md"])]);
        var signature = (await GitHubSigner.SignAsync([(Secret, body)]))[0];

        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "mono-1", signature));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal("queued", result.Response.Status);
        var job = Assert.Single(harness.Queue.Jobs);
        Assert.Equal(("mono", "web", SyncReason.Push, "mono-1", new string('2', 40), Now), (job.Source, job.App, job.Reason, job.DeliveryId, job.CommitHint, job.RequestedAt));
        Assert.Equal([job.JobId], result.Response.Jobs);
        var record = harness.Store.Records[job.JobId];
        Assert.Equal(JobState.Queued, record.State);
        Assert.Equal("mono-1", record.DeliveryId);
    }

    [Theory]
    [InlineData("refs/heads/main", "0000000000000000000000000000000000000000", "deleted")]
    [InlineData("refs/heads/feature", "2222222222222222222222222222222222222222", "follows branch 'main'")]
    [InlineData("refs/tags/v1", "2222222222222222222222222222222222222222", "tag push")]
    public async Task HandleAsync_DeletedOrOtherBranchOrTag_IgnoredNothingEnqueued(string reference, string after, string reason)
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"));
        var body = ProviderPayloads.GitHubPush("org/mono", reference, new string('1', 40), after, [new(Modified: ["apps/web/a.yaml"])]);

        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "x", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body))));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal("ignored", result.Response.Status);
        Assert.Contains(reason, result.Response.Reason, StringComparison.Ordinal);
        harness.AssertNothingHappened();
        Assert.Empty(harness.Catalog.Requests);
    }

    [Fact]
    public async Task HandleAsync_Redelivery_NothingNewAnd202WithOriginalJobs()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"), App("api", "mono", "apps/api"));
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/a", "apps/api/b"])]);
        var headers = Headers("push", "same-delivery", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body)));

        var first = await harness.SendAsync("github", body, "application/json", headers);
        var second = await harness.SendAsync("github", body, "application/json", headers);

        Assert.Equal(2, first.Response.Jobs!.Count);
        Assert.Equal(202, second.StatusCode);
        Assert.Equal("duplicate", second.Response.Status);
        Assert.Equal(first.Response.Jobs, second.Response.Jobs);
        Assert.Equal(2, harness.Queue.Jobs.Count);
    }

    [Fact]
    public async Task HandleAsync_ConcurrentRedeliveries_OnlyOneEnqueues()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"));
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/a"])]);
        var headers = Headers("push", "racing", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body)));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => harness.SendAsync("github", body, "application/json", headers))));

        Assert.Single(harness.Queue.Jobs);
        Assert.Single(results, r => r.Response.Status == "queued");
        Assert.All(results, r => Assert.Contains(r.StatusCode, new[] { 202, 409 }));
    }

    [Fact]
    public async Task HandleAsync_EnqueueFails_503ReleasesDeliveryAndRedeliverySucceeds()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"));
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/a"])]);
        var headers = Headers("push", "flaky", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body)));
        harness.Queue.FailWith = new IOException("queue down");

        var failed = await harness.SendAsync("github", body, "application/json", headers);

        Assert.Equal(503, failed.StatusCode);
        Assert.Equal("enqueue_failed", failed.Rejection);
        Assert.Empty(harness.Queue.Jobs);
        Assert.Empty(harness.Deliveries.Keys);
        Assert.All(harness.Store.Records.Values, r => Assert.Equal(JobState.Failed, r.State));

        harness.Queue.FailWith = null;
        var retried = await harness.SendAsync("github", body, "application/json", headers);
        Assert.Equal(202, retried.StatusCode);
        Assert.Equal("queued", retried.Response.Status);
        Assert.Single(harness.Queue.Jobs);
    }

    [Fact]
    public async Task HandleAsync_WorkerRecordsRunningBeforeOurQueuedRecordLands_RunningIsKept()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"));
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/a"])]);
        var pickedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The Queued record is created alongside the put; here the worker dequeues and writes Running before it lands.
        harness.Store.BeforeCreate = _ => pickedUp.Task;
        harness.Queue.OnEnqueued = job =>
        {
            harness.Store.Records[job.JobId] = JobRecord.QueuedFor(job) with { State = JobState.Running, StartedAt = job.RequestedAt };
            pickedUp.SetResult();
        };

        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "fast-worker", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body))));

        Assert.Equal(202, result.StatusCode);
        var job = Assert.Single(harness.Queue.Jobs);
        Assert.Equal(JobState.Running, harness.Store.Records[job.JobId].State);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task HandleAsync_RecordsFailButJobsAreQueued_202WithTheErrorNoted()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github", Secret) } },
            App("web", "mono", "apps/web"));
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/a"])]);
        harness.Store.FailCreateWith = new IOException("job table down");

        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "records-down", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body))));

        // The job is durable in the queue, which is what the sender needs to hear; the record is written by the worker.
        Assert.Equal(202, result.StatusCode);
        Assert.Equal([Assert.Single(harness.Queue.Jobs).JobId], result.Response.Jobs);
        Assert.IsType<IOException>(result.Error);
        Assert.Single(harness.Deliveries.Keys);
    }

    [Fact]
    public async Task HandleAsync_SourceWithoutSecret_FailsClosedUnlessInsecureAllowed()
    {
        var body = ProviderPayloads.GitHubPush("org/mono", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["apps/web/a"])]);
        (string, string)[] headers = [("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "d")];
        var closed = new ReceiverHarness(new GitOpsOptions { Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github") } }, App("web", "mono", "apps/web"));
        var open = new ReceiverHarness(new GitOpsOptions { AllowInsecureWebhooks = true, Sources = { ["mono"] = Source("https://github.com/org/mono", "main", "github") } }, App("web", "mono", "apps/web"));

        var rejected = await closed.SendAsync("github", body, "application/json", headers);
        var accepted = await open.SendAsync("github", body, "application/json", headers);

        Assert.Equal((401, "no_secret"), (rejected.StatusCode, rejected.Rejection));
        closed.AssertNothingHappened();
        Assert.Equal(202, accepted.StatusCode);
        Assert.Single(open.Queue.Jobs);
    }

    [Fact]
    public async Task HandleAsync_SignedWithAnotherSourcesSecret_401()
    {
        var options = new GitOpsOptions
        {
            Sources =
            {
                ["a"] = Source("https://github.com/org/a", "main", "github", "secret-a"),
                ["b"] = Source("https://github.com/org/b", "main", "github", "secret-b"),
            },
        };
        var harness = new ReceiverHarness(options, App("app-b", "b", "x"));
        var body = ProviderPayloads.GitHubPush("org/b", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["x/y"])]);

        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "d", "sha256=" + ProviderPayloads.HexHmac("secret-a", Encoding.UTF8.GetBytes(body))));

        Assert.Equal((401, "signature_mismatch"), (result.StatusCode, result.Rejection));
        harness.AssertNothingHappened();
    }

    [Fact]
    public async Task HandleAsync_UnconfiguredRepository_Ignored()
    {
        var body = ProviderPayloads.GitHubPush("org/other", "refs/heads/main", new string('1', 40), new string('2', 40), [new(Modified: ["x"])]);
        var harness = HelloWorld();
        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "d", "sha256=" + ProviderPayloads.HexHmac(Secret, Encoding.UTF8.GetBytes(body))));
        Assert.Equal(202, result.StatusCode);
        Assert.Contains("no configured source", result.Response.Reason, StringComparison.Ordinal);
        harness.AssertNothingHappened();
    }

    [Theory]
    [InlineData("gitbucket", "application/json", "{}", 404, "unknown_provider")]
    [InlineData("github", "text/plain", "{}", 415, "unsupported_media_type")]
    [InlineData("github", null, "{}", 415, "unsupported_media_type")]
    [InlineData("github", "application/x-www-form-urlencoded", "nopayload=1", 400, "invalid_body")]
    public async Task HandleAsync_BadRequestShape_RejectedWithReason(string provider, string? contentType, string body, int status, string rejection)
    {
        var harness = HelloWorld();
        var result = await harness.Receiver.HandleAsync(new GitOps.Engine.Webhooks.Receiving.WebhookRequest(provider, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), contentType));
        Assert.Equal((status, rejection), (result.StatusCode, result.Rejection));
        harness.AssertNothingHappened();
    }

    [Fact]
    public async Task HandleAsync_SignedButInvalidJson_400WithReason()
    {
        var harness = HelloWorld();
        var body = Encoding.UTF8.GetBytes("{\"ref\": \"refs/heads/master\", ");
        var result = await harness.SendAsync("github", body, "application/json", Headers("push", "d", "sha256=" + ProviderPayloads.HexHmac(Secret, body)));
        Assert.Equal((400, "invalid_body"), (result.StatusCode, result.Rejection));
        Assert.Contains("not a valid", result.Response.Reason, StringComparison.Ordinal);
        harness.AssertNothingHappened();
    }
}
