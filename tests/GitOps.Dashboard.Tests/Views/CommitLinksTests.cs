using GitOps.Dashboard.Views;
using GitOps.Engine.Configuration;

namespace GitOps.Dashboard.Tests.Views;

/// <summary>Commit links are built from the configured source URL, for the four providers, and never carry credentials.</summary>
public sealed class CommitLinksTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    [InlineData("github", "https://github.com/org/repo.git", "https://github.com/org/repo/commit/" + Sha)]
    [InlineData("github", "git@github.com:org/repo.git", "https://github.com/org/repo/commit/" + Sha)]
    [InlineData("gitlab", "https://gitlab.example.com/group/sub/repo.git", "https://gitlab.example.com/group/sub/repo/-/commit/" + Sha)]
    [InlineData("gitea", "https://x-access-token:secret@gitea.example.com/org/repo", "https://gitea.example.com/org/repo/commit/" + Sha)]
    [InlineData("bitbucket", "ssh://git@bitbucket.org/team/repo.git", "https://bitbucket.org/team/repo/commits/" + Sha)]
    public void For_KnownProvider_LinksTheCommit(string provider, string url, string expected)
    {
        var link = CommitLinks.For(new SourceOptions { Provider = provider, Url = url }, Sha);

        Assert.Equal(expected, link?.ToString());
    }

    [Theory]
    [InlineData("github", "/srv/git/repo")]
    [InlineData("github", "git://127.0.0.1:9418/repo.git")]
    [InlineData("github", "file:///srv/git/org/repo")]
    [InlineData("other", "https://example.com/org/repo")]
    public void For_LocalUrlOrUnknownProvider_IsNull(string provider, string url) =>
        Assert.Null(CommitLinks.For(new SourceOptions { Provider = provider, Url = url }, Sha));
}
