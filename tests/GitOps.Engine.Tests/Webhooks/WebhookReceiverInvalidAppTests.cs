using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using static GitOps.Engine.Tests.Webhooks.ReceiverHarness;
using static GitOps.Testing.Webhooks.ProviderPayloads;

namespace GitOps.Engine.Tests.Webhooks;

/// <summary>One invalid app definition stays local, and a payload's commit is only a hint.</summary>
public sealed class WebhookReceiverInvalidAppTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";
    private const string Reason = ".gitops/bad.yaml:5: spec.path: spec.path '../outside' must not contain '..'";

    private static ReceiverHarness Mono()
    {
        var harness = new ReceiverHarness(
            new GitOpsOptions { Sources = { ["mono"] = Source("https://gitlab.example.com/group/mono.git", "main", "gitlab", "gl-token") } },
            App("web", "mono", "apps/web"), App("api", "mono", "apps/api"));
        harness.Catalog.InvalidApps.Add(("mono", new InvalidApp("bad", ".gitops/bad.yaml:1", [Reason])));
        return harness;
    }

    private static Task<GitOps.Engine.Webhooks.Receiving.WebhookResult> PushAsync(ReceiverHarness harness, string after, params string[] paths)
        => harness.SendAsync("gitlab", GitLabPush("group/mono", "refs/heads/main", A, after, [new(Modified: paths)]), "application/json",
            ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", "gl-token"), ("X-Gitlab-Event-UUID", Guid.NewGuid().ToString()));

    [Fact]
    public async Task Push_ChangingDefinitions_QueuesTheValidAppsAndListsTheInvalidOneAsSkipped()
    {
        var harness = Mono();

        var result = await PushAsync(harness, B, ".gitops/bad.yaml", ".gitops/web.yaml");

        Assert.Equal((202, "queued"), (result.StatusCode, result.Response.Status));
        var queued = harness.Queue.Jobs.ToDictionary(j => j.App);
        Assert.Equal(["api", "bad", "web"], queued.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { queued["web"].JobId, queued["api"].JobId }.Order(StringComparer.Ordinal), result.Response.Jobs!.Order(StringComparer.Ordinal));
        var skipped = Assert.Single(result.Response.Skipped!);
        Assert.Equal(("mono", "bad", Reason, queued["bad"].JobId), (skipped.Source, skipped.App, skipped.Reason, skipped.Job));
        Assert.Contains("\"skipped\":[{\"source\":\"mono\",\"app\":\"bad\"", System.Text.Encoding.UTF8.GetString(result.ToJson()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_TouchingOnlyAValidApp_QueuesItAlone()
    {
        var harness = Mono();

        var result = await PushAsync(harness, B, "apps/web/deployment.yaml");

        Assert.Equal(202, result.StatusCode);
        Assert.Equal("web", Assert.Single(harness.Queue.Jobs).App);
        Assert.Null(result.Response.Skipped);
    }

    [Fact]
    public async Task Push_NamingACommitTheSourceDoesNotServe_QueuesAtTheHeadInsteadOf503()
    {
        var harness = Mono();
        harness.Catalog.UnavailableCommits.Add(B);

        var result = await PushAsync(harness, B, "apps/web/deployment.yaml");

        Assert.Equal((202, "queued"), (result.StatusCode, result.Response.Status));
        var job = Assert.Single(harness.Queue.Jobs);
        Assert.Equal("web", job.App);
        Assert.Null(job.CommitHint);
        Assert.Contains($"commit {B} is not served by source 'mono'", result.Response.Reason, StringComparison.Ordinal);
        Assert.Null(result.Error);
    }
}
