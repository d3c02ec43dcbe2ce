using System.Text;
using GitOps.Engine.Configuration;
using GitOps.Testing.Webhooks;
using static GitOps.Engine.Tests.Webhooks.ReceiverHarness;
using static GitOps.Testing.Webhooks.ProviderPayloads;

namespace GitOps.Engine.Tests.Webhooks;

public sealed class WebhookReceiverProviderTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";

    private static ReceiverHarness Mono(string provider, string url, params string[] secrets) => new(
        new GitOpsOptions { Sources = { ["mono"] = Source(url, "main", provider, secrets) } },
        App("web", "mono", "apps/web"), App("api", "mono", "apps/api"), App("worker", "mono", "apps/worker"));

    private static string[] AppsOf(ReceiverHarness h) => h.Queue.Jobs.Select(j => j.App).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task GitLab_PushTouchingOneApp_EnqueuesThatApp()
    {
        var harness = Mono("gitlab", "https://gitlab.example.com/group/sub/mono.git", "gl-token");
        var body = GitLabPush("group/sub/mono", "refs/heads/main", A, B, [new(Modified: ["apps/api/values.yaml"])]);

        var result = await harness.SendAsync("gitlab", body, "application/json", ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", "gl-token"), ("X-Gitlab-Event-UUID", "u-1"));

        Assert.Equal((202, "queued"), (result.StatusCode, result.Response.Status));
        Assert.Equal(["api"], AppsOf(harness));
        Assert.Equal("u-1", harness.Queue.Jobs.Single().DeliveryId);
    }

    [Fact]
    public async Task GitLab_TwentyOfMoreCommits_EveryAppAffected()
    {
        var harness = Mono("gitlab", "https://gitlab.example.com/group/sub/mono.git", "gl-token");
        var commits = Enumerable.Range(0, 20).Select(_ => new Commit(Modified: ["apps/web/a.yaml"])).ToArray();
        var body = GitLabPush("group/sub/mono", "refs/heads/main", A, B, commits, totalCommits: 21);

        var result = await harness.SendAsync("gitlab", body, "application/json", ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", "gl-token"), ("Idempotency-Key", "k-1"));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(["api", "web", "worker"], AppsOf(harness));
    }

    [Fact]
    public async Task GitLab_TagPush_IgnoredNothingEnqueued()
    {
        var harness = Mono("gitlab", "https://gitlab.example.com/group/sub/mono.git", "gl-token");
        var body = GitLabPush("group/sub/mono", "refs/tags/v1.0.0", ZeroSha, B, [], objectKind: "tag_push");

        var result = await harness.SendAsync("gitlab", body, "application/json", ("X-Gitlab-Event", "Tag Push Hook"), ("X-Gitlab-Token", "gl-token"));

        Assert.Equal((202, "ignored"), (result.StatusCode, result.Response.Status));
        Assert.Contains("tag push", result.Response.Reason, StringComparison.Ordinal);
        harness.AssertNothingHappened();
    }

    [Theory]
    [InlineData("wrong-token", "signature_mismatch")]
    [InlineData(null, "missing_signature")]
    public async Task GitLab_BadToken_401(string? token, string rejection)
    {
        var harness = Mono("gitlab", "https://gitlab.example.com/group/sub/mono.git", "gl-token");
        var body = GitLabPush("group/sub/mono", "refs/heads/main", A, B, [new(Modified: ["apps/api/x"])]);
        (string, string)[] headers = token is null ? [("X-Gitlab-Event", "Push Hook")] : [("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", token)];

        var result = await harness.SendAsync("gitlab", body, "application/json", headers);

        Assert.Equal((401, rejection), (result.StatusCode, result.Rejection));
        harness.AssertNothingHappened();
    }

    [Theory]
    [InlineData("gitea", "X-Gitea-Signature", "X-Gitea-Event", "X-Gitea-Delivery")]
    [InlineData("forgejo", "X-Forgejo-Signature", "X-Forgejo-Event", "X-Forgejo-Delivery")]
    public async Task Gitea_JsonBodySignedBareHex_EnqueuesTouchedApp(string provider, string signatureHeader, string eventHeader, string deliveryHeader)
    {
        var harness = Mono(provider, "https://git.example.com/org/mono.git", "gt-secret");
        var body = Encoding.UTF8.GetBytes(GiteaPush("org/mono", "refs/heads/main", A, B, [new(Removed: ["apps/worker/job.yaml"])]));

        var result = await harness.SendAsync(provider, body, "application/json", (eventHeader, "push"), (deliveryHeader, "g-1"), (signatureHeader, HexHmac("gt-secret", body)));

        Assert.Equal((202, "queued"), (result.StatusCode, result.Response.Status));
        Assert.Equal(["worker"], AppsOf(harness));
    }

    [Fact]
    public async Task Gitea_FormBody_SignatureIsOverTheJsonPayload()
    {
        var harness = Mono("gitea", "https://git.example.com/org/mono.git", "gt-secret");
        var json = GiteaPush("org/mono", "refs/heads/main", A, B, [new(Modified: ["apps/web/x"])]);
        var form = Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(json));

        var overForm = await harness.SendAsync("gitea", form, "application/x-www-form-urlencoded", ("X-Gitea-Event", "push"), ("X-Gitea-Signature", HexHmac("gt-secret", form)));
        var overJson = await harness.SendAsync("gitea", form, "application/x-www-form-urlencoded", ("X-Gitea-Event", "push"), ("X-Gitea-Signature", HexHmac("gt-secret", Encoding.UTF8.GetBytes(json))));

        Assert.Equal(401, overForm.StatusCode);
        Assert.Equal((202, "queued"), (overJson.StatusCode, overJson.Response.Status));
        Assert.Equal(["web"], AppsOf(harness));
    }

    [Fact]
    public async Task Bitbucket_PushToBranch_EveryAppAffected_TagAndOtherBranchSkipped()
    {
        var harness = Mono("bitbucket", "https://bitbucket.org/team/mono.git", "bb-secret");
        var body = Encoding.UTF8.GetBytes(BitbucketPush("team/mono",
            new BitbucketRef("branch", "main", A, B, Truncated: true), new BitbucketRef("tag", "v2", null, B), new BitbucketRef("branch", "dev", A, B)));

        var result = await harness.SendAsync("bitbucket", body, "application/json", ("X-Event-Key", "repo:push"), ("X-Request-UUID", "bb-1"), ("X-Hub-Signature", "sha256=" + HexHmac("bb-secret", body)));

        Assert.Equal((202, "queued"), (result.StatusCode, result.Response.Status));
        Assert.Equal(["api", "web", "worker"], AppsOf(harness));
        Assert.All(harness.Queue.Jobs, j => Assert.Equal(B, j.CommitHint));
    }

    [Fact]
    public async Task Bitbucket_BranchDeleted_IgnoredNothingEnqueued()
    {
        var harness = Mono("bitbucket", "https://bitbucket.org/team/mono.git", "bb-secret");
        var body = Encoding.UTF8.GetBytes(BitbucketPush("team/mono", new BitbucketRef("branch", "main", A, null)));

        var result = await harness.SendAsync("bitbucket", body, "application/json", ("X-Event-Key", "repo:push"), ("X-Hub-Signature", "sha256=" + HexHmac("bb-secret", body)));

        Assert.Equal((202, "ignored"), (result.StatusCode, result.Response.Status));
        harness.AssertNothingHappened();
    }

    [Fact]
    public async Task HandleAsync_ChangeInAppsFolder_EveryAppAffected()
    {
        var harness = Mono("gitea", "https://git.example.com/org/mono.git", "gt-secret");
        var body = Encoding.UTF8.GetBytes(GiteaPush("org/mono", "refs/heads/main", A, B, [new(Added: [".gitops/new-app.yaml"])]));

        await harness.SendAsync("gitea", body, "application/json", ("X-Gitea-Event", "push"), ("X-Gitea-Signature", HexHmac("gt-secret", body)));

        Assert.Equal(["api", "web", "worker"], AppsOf(harness));
    }
}
