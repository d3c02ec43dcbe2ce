using System.Net;
using System.Text.Json;
using GitOps.Engine.Configuration;
using GitOps.Engine.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Engine.Tests.Notifications;

public sealed class HttpCommitStatusNotifierTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static HttpCommitStatusNotifier Notifier(HttpClient http) => new(http, NullLogger<HttpCommitStatusNotifier>.Instance);

    [Fact]
    public async Task NotifyAsync_GitHub_PostsStatusJsonWithBearerToken()
    {
        using var fake = new StatusEndpointFake();
        using var http = new HttpClient();
        var source = new SourceOptions { Url = "https://github.com/org/repo.git", Provider = "github", StatusApiUrl = fake.BaseUrl, Token = "t0k" };

        await Notifier(http).NotifyAsync("platform", source, Sha, "web", CommitState.Success, "3 created, 0 configured, 0 pruned; Healthy");

        var req = await fake.NextAsync();
        Assert.Equal("POST", req.Method);
        Assert.Equal($"/api/v3/repos/org/repo/statuses/{Sha}", req.RawUrl);
        Assert.Equal("Bearer t0k", req.Authorization);
        Assert.StartsWith("application/json", req.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(req.Body);
        Assert.Equal("success", body.RootElement.GetProperty("state").GetString());
        Assert.Equal("gitops-functions/web", body.RootElement.GetProperty("context").GetString());
        Assert.Equal("3 created, 0 configured, 0 pruned; Healthy", body.RootElement.GetProperty("description").GetString());
    }

    [Fact]
    public async Task NotifyAsync_Gitea_UsesTokenSchemeAndRepositorySetting()
    {
        using var fake = new StatusEndpointFake();
        using var http = new HttpClient();
        var source = new SourceOptions { Url = "ssh://git@gitea.local/x/y.git", Repository = "team/app", Provider = "gitea", StatusApiUrl = fake.BaseUrl, StatusToken = "gt" };

        await Notifier(http).NotifyAsync("platform", source, Sha, "web", CommitState.Pending, "Sync started");

        var req = await fake.NextAsync();
        Assert.Equal($"/api/v3/repos/team/app/statuses/{Sha}", req.RawUrl);
        Assert.Equal("token gt", req.Authorization);
        Assert.Equal("pending", JsonDocument.Parse(req.Body).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task NotifyAsync_GitLab_PostsQueryWithEncodedProjectAndPrivateToken()
    {
        using var fake = new StatusEndpointFake();
        using var http = new HttpClient();
        var source = new SourceOptions { Url = "https://gitlab.com/group/sub/proj.git", Provider = "gitlab", StatusApiUrl = fake.BaseUrl, Token = "glpat" };

        await Notifier(http).NotifyAsync("platform", source, Sha, "web", CommitState.Failure, new string('x', 200));

        var req = await fake.NextAsync();
        Assert.StartsWith($"/api/v3/projects/group%2Fsub%2Fproj/statuses/{Sha}?state=failed&name=gitops-functions%2Fweb&description=", req.RawUrl, StringComparison.Ordinal);
        Assert.Equal("glpat", req.PrivateToken);
        var description = Uri.UnescapeDataString(req.RawUrl[(req.RawUrl.IndexOf("description=", StringComparison.Ordinal) + 12)..]);
        Assert.Equal(CommitStatusRequest.MaxDescription, description.Length);
    }

    [Fact]
    public async Task NotifyAsync_HostAnswers500_DoesNotThrow()
    {
        using var fake = new StatusEndpointFake(HttpStatusCode.InternalServerError);
        using var http = new HttpClient();
        var source = new SourceOptions { Url = "https://github.com/org/repo", StatusApiUrl = fake.BaseUrl };

        await Notifier(http).NotifyAsync("platform", source, Sha, "web", CommitState.Error, "boom");

        Assert.Equal("POST", (await fake.NextAsync()).Method);
    }

    [Fact]
    public async Task NotifyAsync_NothingListening_DoesNotThrow()
    {
        using var http = new HttpClient();
        var source = new SourceOptions { Url = "https://github.com/org/repo", StatusApiUrl = $"http://127.0.0.1:{GitOps.Testing.FreePort.Next()}" };

        await Notifier(http).NotifyAsync("platform", source, Sha, "web", CommitState.Success, "ok");
    }

    [Fact]
    public void Build_NotACommitId_Throws()
    {
        var source = new SourceOptions { Url = "https://github.com/org/repo", StatusApiUrl = "https://api.github.com" };

        Assert.Throws<ArgumentException>(() => CommitStatusRequest.Build(source, "../../x", "web", CommitState.Success, "d"));
    }
}
