using System.Text;
using GitOps.Engine.Webhooks;
using GitOps.Engine.Webhooks.Payloads;
using GitOps.Testing.Webhooks;
using static GitOps.Testing.Webhooks.ProviderPayloads;

namespace GitOps.Engine.Tests.Webhooks;

public sealed class WebhookPayloadParserTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";

    private static RefPush SinglePush(WebhookProvider provider, string eventName, string json)
        => Assert.Single(Assert.IsType<PushReceived>(WebhookPayloadParser.Parse(provider, eventName, Encoding.UTF8.GetBytes(json))).Refs);

    [Fact]
    public void Parse_EveryGitHubPushExample_YieldsOneRefOfCodertocatHelloWorld()
    {
        foreach (var example in GitHubExamples.Load("push"))
        {
            var push = SinglePush(WebhookProvider.GitHub, "push", example);
            Assert.Equal("Codertocat/Hello-World", push.Repository);
            Assert.StartsWith("refs/", push.Ref, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_GitHubExampleBranchCreation_PathsUnknown()
    {
        var created = GitHubExamples.Load("push").Select(e => SinglePush(WebhookProvider.GitHub, "push", e)).First(p => p.Branch == "master");
        Assert.True(created.Created);
        Assert.Null(created.ChangedPaths);
        Assert.Contains("created", created.IncompleteReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GitHubPush_UnitesChangedPaths()
    {
        var push = SinglePush(WebhookProvider.GitHub, "push", GitHubPush("o/r", "refs/heads/main", A, B,
            [new(Added: ["a/x"]), new(Modified: ["b/y"], Removed: ["c/z"])]));
        Assert.Equal(["a/x", "b/y", "c/z"], push.ChangedPaths!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_GitHubForcedPush_PathsUnknown()
        => Assert.Null(SinglePush(WebhookProvider.GitHub, "push", GitHubPush("o/r", "refs/heads/main", A, B, [new(Added: ["a"])], forced: true)).ChangedPaths);

    [Fact]
    public void Parse_GitHubAtCommitCap_PathsUnknown()
    {
        var commits = Enumerable.Range(0, WebhookPayloadParser.GitHubCommitCap).Select(_ => new Commit(Modified: ["a"])).ToArray();
        Assert.Null(SinglePush(WebhookProvider.GitHub, "push", GitHubPush("o/r", "refs/heads/main", A, B, commits)).ChangedPaths);
    }

    [Fact]
    public void Parse_GitLabTwentyOfMoreCommits_PathsUnknown()
    {
        var commits = Enumerable.Range(0, 20).Select(i => new Commit(Modified: [$"apps/web/{i}.yaml"])).ToArray();
        var push = SinglePush(WebhookProvider.GitLab, "Push Hook", GitLabPush("group/sub/repo", "refs/heads/main", A, B, commits, totalCommits: 27));
        Assert.Equal("group/sub/repo", push.Repository);
        Assert.Null(push.ChangedPaths);
        Assert.Contains("20 of 27", push.IncompleteReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GitLabTwentyOfTwentyCommits_PathsKnown()
    {
        var commits = Enumerable.Range(0, 20).Select(i => new Commit(Modified: [$"apps/web/{i}.yaml"])).ToArray();
        Assert.Equal(20, SinglePush(WebhookProvider.GitLab, "Push Hook", GitLabPush("g/r", "refs/heads/main", A, B, commits)).ChangedPaths!.Count);
    }

    [Fact]
    public void Parse_GitLabTagPush_IsTagRef()
    {
        var push = SinglePush(WebhookProvider.GitLab, "Tag Push Hook", GitLabPush("g/r", "refs/tags/v1.0.0", ZeroSha, B, [], objectKind: "tag_push"));
        Assert.True(push.IsTag);
        Assert.Null(push.Branch);
    }

    [Fact]
    public void Parse_GitLabBranchDeleted_IsDeleted()
        => Assert.True(SinglePush(WebhookProvider.GitLab, "Push Hook", GitLabPush("g/r", "refs/heads/old", A, ZeroSha, [])).Deleted);

    [Fact]
    public void Parse_GiteaTotalCommitsAboveListed_PathsUnknown()
        => Assert.Null(SinglePush(WebhookProvider.Gitea, "push", GiteaPush("o/r", "refs/heads/main", A, B, [new(Added: ["x"])], totalCommits: 40)).ChangedPaths);

    [Fact]
    public void Parse_BitbucketChanges_OneRefEachAndNoPaths()
    {
        var json = BitbucketPush("team/repo", new BitbucketRef("branch", "main", A, B), new BitbucketRef("tag", "v1", null, B), new BitbucketRef("branch", "gone", A, null));
        var refs = Assert.IsType<PushReceived>(WebhookPayloadParser.Parse(WebhookProvider.Bitbucket, "repo:push", Encoding.UTF8.GetBytes(json))).Refs;
        Assert.Equal(["refs/heads/main", "refs/tags/v1", "refs/heads/gone"], refs.Select(r => r.Ref));
        Assert.All(refs, r => Assert.Null(r.ChangedPaths));
        Assert.True(refs[1].Created);
        Assert.True(refs[2].Deleted);
        Assert.Equal(B, refs[0].After);
    }

    [Theory]
    [InlineData(WebhookProvider.GitHub, "issues")]
    [InlineData(WebhookProvider.GitLab, "Merge Request Hook")]
    [InlineData(WebhookProvider.Gitea, "pull_request")]
    [InlineData(WebhookProvider.Bitbucket, "pullrequest:created")]
    public void Parse_OtherEvent_IgnoredWithReason(WebhookProvider provider, string eventName)
        => Assert.Contains(eventName, Assert.IsType<EventIgnored>(WebhookPayloadParser.Parse(provider, eventName, "{}"u8)).Reason, StringComparison.Ordinal);

    [Fact]
    public void Parse_GitHubPingExamples_ArePings()
    {
        foreach (var example in GitHubExamples.Load("ping"))
        {
            Assert.IsType<PingReceived>(WebhookPayloadParser.Parse(WebhookProvider.GitHub, "ping", Encoding.UTF8.GetBytes(example)));
        }
    }

    [Fact]
    public void Parse_TruncatedJson_ThrowsPayloadException()
    {
        var json = GitHubExamples.Load("push")[0];
        var ex = Assert.Throws<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", Encoding.UTF8.GetBytes(json[..(json.Length / 2)])));
        Assert.Contains("not a valid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_ThrowsPayloadException()
    {
        byte[] body = [.. "{\"ref\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Contains("UTF-8", Assert.Throws<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_ThrowsPayloadException()
    {
        var json = "{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.Throws<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"ref\":\"refs/heads/main\"}")]
    [InlineData("{\"ref\":5,\"repository\":{\"full_name\":\"o/r\"}}")]
    public void Parse_WrongShape_ThrowsPayloadException(string json)
        => Assert.Throws<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitHub, "push", Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Parse_MissingEventName_ThrowsNamingTheHeader()
        => Assert.Contains("X-Gitlab-Event", Assert.Throws<WebhookPayloadException>(() => WebhookPayloadParser.Parse(WebhookProvider.GitLab, null, "{}"u8)).Message, StringComparison.Ordinal);

    [Fact]
    public void TryExtract_FormBody_DecodesPayloadField()
    {
        var json = "{\"a\":\"b c+é&=\"}";
        var body = Encoding.UTF8.GetBytes("other=1&payload=" + Uri.EscapeDataString(json) + "&z=2");
        Assert.Equal(json, Encoding.UTF8.GetString(FormPayload.TryExtract(body)!));
    }

    [Theory]
    [InlineData("x=1")]
    [InlineData("payload=%zz")]
    [InlineData("payload=%4")]
    public void TryExtract_NoOrBadPayload_ReturnsNull(string body)
        => Assert.Null(FormPayload.TryExtract(Encoding.UTF8.GetBytes(body)));
}
