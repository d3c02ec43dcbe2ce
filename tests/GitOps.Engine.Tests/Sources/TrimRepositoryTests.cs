using GitOps.Engine.Sources;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Sources;

public sealed class TrimRepositoryTests
{
    [Fact]
    public void TrimRepository_ManyFetchedCommits_DropsTheCacheRepository()
    {
        using var root = new TempFolder();
        var repo = Path.Combine(root.Path, "repo.git");
        root.Write("repo.git/objects/pack/.keep", "");
        root.Write("repo.git/shallow", string.Concat(Enumerable.Range(0, 257).Select(i => $"{i:x40}\n")));

        GitSourceFetcher.TrimRepository(repo);

        Assert.False(Directory.Exists(repo));
    }

    [Fact]
    public void TrimRepository_FewFetchedCommitsAndPacks_KeepsIt()
    {
        using var root = new TempFolder();
        var repo = Path.Combine(root.Path, "repo.git");
        root.Write("repo.git/objects/pack/a.pack", "");
        root.Write("repo.git/shallow", string.Concat(Enumerable.Range(0, 256).Select(i => $"{i:x40}\n")));

        GitSourceFetcher.TrimRepository(repo);

        Assert.True(File.Exists(Path.Combine(repo, "shallow")));
    }
}
