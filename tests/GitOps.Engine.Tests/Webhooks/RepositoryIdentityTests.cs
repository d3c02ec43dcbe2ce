using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Matching;

namespace GitOps.Engine.Tests.Webhooks;

public sealed class RepositoryIdentityTests
{
    [Theory]
    [InlineData("https://github.com/Org/Repo.git", "Org/Repo")]
    [InlineData("https://gitlab.example.com/group/sub/repo", "group/sub/repo")]
    [InlineData("git@github.com:org/repo.git", "org/repo")]
    [InlineData("ssh://git@host:2222/org/repo.git", "org/repo")]
    [InlineData("file:///srv/git/org/repo.git", "org/repo")]
    [InlineData("/srv/git/org/repo", "org/repo")]
    public void OfSource_FromUrl_UsesThePath(string url, string expected)
        => Assert.Equal(expected, RepositoryIdentity.OfSource(new SourceOptions { Url = url }));

    [Fact]
    public void OfSource_RepositorySet_WinsOverUrl()
        => Assert.Equal("team/app", RepositoryIdentity.OfSource(new SourceOptions { Url = "https://github.com/org/repo", Repository = "/team/app.git" }));

    [Theory]
    [InlineData("org/repo", "ORG/Repo", true)]
    [InlineData("org/repo.git", "org/repo", true)]
    [InlineData("org/repo", "org/repo2", false)]
    [InlineData("org/repo", null, false)]
    [InlineData("", "", false)]
    public void Matches_ComparesCaseInsensitively(string? a, string? b, bool expected)
        => Assert.Equal(expected, RepositoryIdentity.Matches(a, b));
}
