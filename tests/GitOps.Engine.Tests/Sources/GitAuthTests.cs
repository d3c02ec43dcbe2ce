using GitOps.Engine.Configuration;
using GitOps.Engine.Sources;

namespace GitOps.Engine.Tests.Sources;

public sealed class GitAuthTests
{
    [Fact]
    public void Create_GitProtocolUrl_UsesProtocolVersionZero()
    {
        using var auth = GitAuth.Create("platform", new SourceOptions { Url = "git://127.0.0.1:9418/platform" });

        Assert.Equal("0", Config(auth, "protocol.version"));
        Assert.True(auth.UsesProtocolV0);
    }

    [Theory]
    [InlineData("https://example.invalid/org/repo.git")]
    [InlineData("ssh://git@example.invalid/org/repo.git")]
    public void Create_HttpsOrSshUrl_KeepsGitsDefaultProtocol(string url)
    {
        using var auth = GitAuth.Create("platform", new SourceOptions { Url = url });

        Assert.Null(Config(auth, "protocol.version"));
        Assert.False(auth.UsesProtocolV0);
    }

    [Fact]
    public void Create_AnyUrl_TurnsOffBackgroundMaintenance()
    {
        using var auth = GitAuth.Create("platform", new SourceOptions { Url = "https://example.invalid/org/repo.git" });

        Assert.Equal("false", Config(auth, "maintenance.auto"));
        Assert.Equal("0", Config(auth, "gc.auto"));
    }

    private static string? Config(GitAuth auth, string key)
    {
        var count = int.Parse(auth.Environment["GIT_CONFIG_COUNT"]!, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            if (auth.Environment[$"GIT_CONFIG_KEY_{i}"] == key)
            {
                return auth.Environment[$"GIT_CONFIG_VALUE_{i}"];
            }
        }

        return null;
    }
}
