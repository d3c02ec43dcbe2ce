using GitOps.Engine.Configuration;
using GitOps.Engine.Sources;
using GitOps.Testing;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Sources;

public sealed class GitSourceFetcherTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly GitDaemon daemon;
    private readonly CapturingLogger<GitSourceFetcher> logger = new();

    public GitSourceFetcherTests() => daemon = GitDaemon.Start(Path.Combine(root.Path, "served"));

    public void Dispose()
    {
        daemon.Dispose();
        root.Dispose();
    }

    private GitSourceFetcher Fetcher(SourceOptions source, int keep = 3) => new(
        new GitOpsOptions { Sources = { ["platform"] = source } },
        new GitFetcherOptions { Git = ToolPaths.Git, CacheDirectory = Path.Combine(root.Path, "cache"), KeepCheckouts = keep, Timeout = TimeSpan.FromMinutes(1) },
        logger);

    private GitRepoBuilder NewRepo(out SourceOptions source)
    {
        var repo = daemon.CreateRepository("platform");
        source = new SourceOptions { Url = daemon.UrlOf("platform"), Branch = "main" };
        return repo;
    }

    [Fact]
    public async Task ResolveHeadAsync_Branch_ReturnsTipCommit()
    {
        var repo = NewRepo(out var source);
        repo.Write("a.txt", "1").Commit();
        var second = repo.Write("a.txt", "2").Commit();
        using var fetcher = Fetcher(source);

        var head = await fetcher.ResolveHeadAsync("platform");

        Assert.Equal(second, head);
    }

    [Fact]
    public async Task CheckoutAsync_Head_FetchesShallowCopyWithFilesAndSymlinks()
    {
        var repo = NewRepo(out var source);
        repo.Write("a.txt", "one").Commit();
        repo.Write("apps/web/cm.yaml", "kind: ConfigMap\n").Symlink("apps/web/link", "/etc/passwd");
        var head = repo.Write("a.txt", "two").Commit();
        using var fetcher = Fetcher(source);

        using var checkout = await fetcher.CheckoutAsync("platform", await fetcher.ResolveHeadAsync("platform"));

        Assert.Equal(head, checkout.Commit);
        Assert.Equal("two", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(checkout.Directory, "apps/web/link")).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(checkout.Directory, ".git")));
        var cacheRepo = Directory.GetDirectories(Path.Combine(root.Path, "cache")).Single();
        Assert.True(File.Exists(Path.Combine(cacheRepo, "repo.git", "shallow")));
    }

    [Fact]
    public async Task CheckoutAsync_SameCommitTwice_ReusesTheCheckout()
    {
        var repo = NewRepo(out var source);
        var head = repo.Write("a.txt", "1").Commit();
        using var fetcher = Fetcher(source);

        var checkouts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fetcher.CheckoutAsync("platform", head)));

        Assert.Single(checkouts.Select(c => c.Directory).Distinct());
        foreach (var checkout in checkouts)
        {
            checkout.Dispose();
        }
    }

    [Fact]
    public async Task ResolveHeadAsync_AfterForcePushBackwards_ReturnsOlderCommitAndChecksItOut()
    {
        var repo = NewRepo(out var source);
        var first = repo.Write("a.txt", "1").Commit();
        var second = repo.Write("a.txt", "2").Commit();
        using var fetcher = Fetcher(source);
        using (await fetcher.CheckoutAsync("platform", second))
        {
        }

        repo.ForceReset(first);
        var head = await fetcher.ResolveHeadAsync("platform");
        using var checkout = await fetcher.CheckoutAsync("platform", head);

        Assert.Equal(first, head);
        Assert.Equal("1", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task CheckoutAsync_CommitForcePushedAway_SaysTheHeadMoved()
    {
        var repo = NewRepo(out var source);
        var head = repo.Write("a.txt", "1").Commit();
        var gone = repo.Write("a.txt", "2").Commit();
        repo.ForceReset(head).PruneUnreachable();
        using var fetcher = Fetcher(source);

        var ex = await Assert.ThrowsAsync<CommitUnavailableException>(() => fetcher.CheckoutAsync("platform", gone));

        Assert.Contains($"commit {gone} is not served: the head of branch 'main' is {head}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckoutAsync_CommitThatNeverExisted_IsUnavailableWithoutClaimingItWasTheHead()
    {
        var repo = NewRepo(out var source);
        var head = repo.Write("a.txt", "1").Commit();
        var unknown = new string('7', 40);
        using var fetcher = Fetcher(source);

        var ex = await Assert.ThrowsAsync<CommitUnavailableException>(() => fetcher.CheckoutAsync("platform", unknown));

        Assert.Contains($"commit {unknown} is not served", ex.Message, StringComparison.Ordinal);
        Assert.Contains(head, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer the head of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckoutAsync_FetchOfDeclaredShallowCommitFails_TakesTheDeclarationBackAndLaterCheckoutsWork()
    {
        var repo = NewRepo(out var source);
        var head = repo.Write("a.txt", "1").Commit();
        var gone = repo.Write("a.txt", "2").Commit();
        repo.ForceReset(head).PruneUnreachable();
        using var fetcher = Fetcher(source);

        await Assert.ThrowsAsync<CommitUnavailableException>(() => fetcher.CheckoutAsync("platform", gone));
        using var checkout = await fetcher.CheckoutAsync("platform", await fetcher.FetchHeadAsync("platform"));

        var cacheRepo = Path.Combine(Directory.GetDirectories(Path.Combine(root.Path, "cache")).Single(), "repo.git");
        Assert.DoesNotContain(gone, File.ReadAllText(Path.Combine(cacheRepo, "shallow")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cacheRepo, "gitops-declared-shallow")));
        Assert.Equal("1", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task FetchHeadAsync_RepositoryLeftMidFetchByACrash_IsFetchedAfresh()
    {
        var repo = NewRepo(out var source);
        repo.Write("a.txt", "1").Commit();
        using var fetcher = Fetcher(source);
        using (await fetcher.CheckoutAsync("platform", await fetcher.FetchHeadAsync("platform")))
        {
        }

        // A crash between declaring a shallow commit and fetching it: the shallow file names a commit the cache lacks.
        var head = repo.Write("a.txt", "2").Commit();
        var cacheRepo = Path.Combine(Directory.GetDirectories(Path.Combine(root.Path, "cache")).Single(), "repo.git");
        File.AppendAllText(Path.Combine(cacheRepo, "shallow"), head + "\n");
        File.WriteAllText(Path.Combine(cacheRepo, "gitops-declared-shallow"), head);

        var fetched = await fetcher.FetchHeadAsync("platform");
        using var checkout = await fetcher.CheckoutAsync("platform", fetched);

        Assert.Equal(head, fetched);
        Assert.Equal("2", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
        Assert.False(File.Exists(Path.Combine(cacheRepo, "gitops-declared-shallow")));
    }

    [Fact]
    public async Task CheckoutAsync_OlderReachableCommit_Succeeds()
    {
        var repo = NewRepo(out var source);
        var old = repo.Write("a.txt", "1").Commit();
        repo.Write("a.txt", "2").Commit();
        using var fetcher = Fetcher(source);

        using var checkout = await fetcher.CheckoutAsync("platform", old);

        Assert.Equal("1", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Theory]
    [InlineData("resolve")]
    [InlineData("fetch")]
    [InlineData("fetch with the pushed head")]
    public async Task DeletedBranch_ThrowsBranchDoesNotExist(string call)
    {
        var repo = NewRepo(out var source);
        repo.Write("a.txt", "1").Commit();
        var pushed = repo.CreateBranch("feature").Write("b.txt", "1").Commit();
        repo.Checkout("main").DeleteBranch("feature");
        using var fetcher = Fetcher(new SourceOptions { Url = source.Url, Branch = "feature" });

        var ex = await Assert.ThrowsAsync<SourceException>(() => call switch
        {
            "resolve" => fetcher.ResolveHeadAsync("platform"),
            "fetch" => fetcher.FetchHeadAsync("platform"),
            _ => fetcher.FetchHeadAsync("platform", pushed),
        });

        Assert.Equal($"source 'platform': branch 'feature' does not exist in {source.Url}", ex.Message);
    }

    [Fact]
    public async Task CheckoutAsync_ManyCommits_KeepsOnlyNewestUnusedCheckouts()
    {
        var repo = NewRepo(out var source);
        using var fetcher = Fetcher(source, keep: 2);
        var held = await fetcher.CheckoutAsync("platform", repo.Write("a.txt", "0").Commit());
        var previous = await fetcher.CheckoutAsync("platform", repo.Write("a.txt", "1").Commit());
        for (var i = 2; i <= 4; i++)
        {
            // Each checkout is made while a job still holds the one before, so none is taken over and eviction has work.
            var next = await fetcher.CheckoutAsync("platform", repo.Write("a.txt", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Commit());
            previous.Dispose();
            previous = next;
        }

        previous.Dispose();

        var cacheRepo = Directory.GetDirectories(Path.Combine(root.Path, "cache")).Single();
        var remaining = Directory.GetDirectories(Path.Combine(cacheRepo, "checkouts")).Select(Path.GetFileName).ToList();

        Assert.Equal(3, remaining.Count);
        Assert.Contains(held.Commit, remaining);
        Assert.True(File.Exists(Path.Combine(held.Directory, "a.txt")));
        held.Dispose();
    }

    [Fact]
    public async Task ResolveHeadAsync_HttpsTokenAgainstDeadPort_NeverRevealsToken()
    {
        const string token = "ghp_SuperSecretToken1234567890";
        var port = FreePort.Next();
        using var fetcher = Fetcher(new SourceOptions { Url = $"https://user:{token}@127.0.0.1:{port}/org/repo.git", Token = null });
        using var withToken = Fetcher(new SourceOptions { Url = $"https://127.0.0.1:{port}/org/repo.git", Token = token });

        var ex1 = await Assert.ThrowsAsync<SourceException>(() => fetcher.ResolveHeadAsync("platform"));
        var ex2 = await Assert.ThrowsAsync<SourceException>(() => withToken.CheckoutAsync("platform", new string('a', 40)));
        var ex3 = await Assert.ThrowsAsync<SourceException>(() => withToken.ResolveHeadAsync("platform"));

        foreach (var text in new[] { ex1.ToString(), ex2.ToString(), ex3.ToString() }.Concat(logger.Lines))
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("user:", text, StringComparison.Ordinal);
        }

        Assert.Contains("git ls-remote failed", ex1.Message, StringComparison.Ordinal);
        Assert.Contains($"https://127.0.0.1:{port}/org/repo.git", ex1.Message, StringComparison.Ordinal);
        Assert.NotEmpty(logger.Lines);
    }

    [Fact]
    public async Task CheckoutAsync_NotACommitId_IsRejected()
    {
        NewRepo(out var source);
        using var fetcher = Fetcher(source);

        var ex = await Assert.ThrowsAsync<SourceException>(() => fetcher.CheckoutAsync("platform", "main"));

        Assert.Equal("source 'platform': 'main' is not a full commit id", ex.Message);
    }

    [Fact]
    public async Task ResolveHeadAsync_UnknownSource_NamesTheSetting()
    {
        NewRepo(out var source);
        using var fetcher = Fetcher(source);

        var ex = await Assert.ThrowsAsync<SourceException>(() => fetcher.ResolveHeadAsync("other"));

        Assert.Equal("source 'other' is not configured (GitOps:Sources)", ex.Message);
    }

    [Fact]
    public async Task CheckoutAsync_NextCommit_MatchesFullCheckoutAndLeavesThePreviousOneIntact()
    {
        var repo = NewRepo(out var source);
        repo.Write("app/a.yaml", "a: 1\n").Write("app/b.yaml", "b: 1\n").Write("app/gone/c.yaml", "c: 1\n").Write("app/same.yaml", "s: 1\n").Symlink("app/link", "same.yaml");
        var first = repo.Commit();
        repo.Write("app/a.yaml", "a: 2\n").Delete("app/b.yaml").Delete("app/gone/c.yaml").Write("app/new/d.yaml", "d: 1\n").Delete("app/link").Symlink("app/link", "a.yaml");
        var second = repo.Commit();
        using var fetcher = Fetcher(source);
        using var old = await fetcher.CheckoutAsync("platform", first);

        using var next = await fetcher.CheckoutAsync("platform", second);

        Assert.Contains(logger.Lines, l => l.Contains("incrementally", StringComparison.Ordinal));
        Assert.Equal(["app/a.yaml", "app/link", "app/new/d.yaml", "app/same.yaml"], Files(next.Directory));
        Assert.Equal("a: 2\n", File.ReadAllText(Path.Combine(next.Directory, "app/a.yaml")));
        Assert.Equal("a.yaml", new FileInfo(Path.Combine(next.Directory, "app/link")).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(next.Directory, "app/gone")));
        Assert.Equal(["app/a.yaml", "app/b.yaml", "app/gone/c.yaml", "app/link", "app/same.yaml"], Files(old.Directory));
        Assert.Equal("a: 1\n", File.ReadAllText(Path.Combine(old.Directory, "app/a.yaml")));
        Assert.Equal("same.yaml", new FileInfo(Path.Combine(old.Directory, "app/link")).LinkTarget);
    }

    [Fact]
    public async Task FetchHeadAsync_NewHead_ReturnsItAndItsCheckoutNeedsNoServer()
    {
        var repo = NewRepo(out var source);
        repo.Write("a.txt", "1").Commit();
        using var fetcher = Fetcher(source);
        using (await fetcher.CheckoutAsync("platform", await fetcher.FetchHeadAsync("platform")))
        {
        }

        var head = repo.Write("a.txt", "2").Commit();
        var fetched = await fetcher.FetchHeadAsync("platform");
        daemon.Dispose();
        using var checkout = await fetcher.CheckoutAsync("platform", fetched);

        Assert.Equal(head, fetched);
        Assert.Equal("2", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task FetchHeadAsync_AfterForcePushBackwards_ReturnsOlderCommitAndChecksItOut()
    {
        var repo = NewRepo(out var source);
        var first = repo.Write("a.txt", "1").Commit();
        repo.Write("a.txt", "2").Commit();
        using var fetcher = Fetcher(source);
        await fetcher.FetchHeadAsync("platform");
        repo.ForceReset(first);

        var head = await fetcher.FetchHeadAsync("platform");
        using var checkout = await fetcher.CheckoutAsync("platform", head);

        Assert.Equal(first, head);
        Assert.Equal("1", File.ReadAllText(Path.Combine(checkout.Directory, "a.txt")));
    }

    [Fact]
    public async Task FetchHeadAsync_ManyCallersAtOnce_AllGetTheHead()
    {
        var repo = NewRepo(out var source);
        var head = repo.Write("a.txt", "1").Commit();
        using var fetcher = Fetcher(source);

        var heads = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fetcher.FetchHeadAsync("platform")));

        Assert.All(heads, h => Assert.Equal(head, h));
    }

    [Fact]
    public async Task FetchHeadAsync_PushedHeadExpected_FetchesTheBranchInOneStepAndChecksItOut()
    {
        var repo = NewRepo(out var source);
        using var fetcher = Fetcher(source);
        using (await fetcher.CheckoutAsync("platform", await fetcher.FetchHeadAsync("platform", repo.Write("a.yaml", "a: 1\n").Commit())))
        {
        }

        var pushed = repo.Write("a.yaml", "a: 2\n").Commit();
        var head = await fetcher.FetchHeadAsync("platform", pushed);
        daemon.Dispose();
        using var checkout = await fetcher.CheckoutAsync("platform", head);

        Assert.Equal(pushed, head);
        Assert.Contains(logger.Lines, l => l.Contains($"fetched at {pushed} (the push named {pushed})", StringComparison.Ordinal));
        Assert.Equal("a: 2\n", File.ReadAllText(Path.Combine(checkout.Directory, "a.yaml")));
        Assert.Contains(pushed, CacheShallowFile());
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("unknown")]
    [InlineData("zeros")]
    public async Task FetchHeadAsync_ExpectedHeadIsNotTheHead_ReturnsTheActualHeadAndForgetsTheGuess(string kind)
    {
        var repo = NewRepo(out var source);
        var first = repo.Write("a.yaml", "a: 1\n").Commit();
        var head = repo.Write("a.yaml", "a: 2\n").Commit();
        var expected = kind switch { "stale" => first, "unknown" => new string('b', 40), _ => new string('0', 40) };
        using var fetcher = Fetcher(source);

        var fetched = await fetcher.FetchHeadAsync("platform", expected);
        daemon.Dispose();
        using var checkout = await fetcher.CheckoutAsync("platform", fetched);

        Assert.Equal(head, fetched);
        Assert.Equal("a: 2\n", File.ReadAllText(Path.Combine(checkout.Directory, "a.yaml")));
        Assert.DoesNotContain(expected, CacheShallowFile());
    }

    [Fact]
    public async Task CheckoutAsync_NextCommitWhilePreviousUnused_TakesOverThePreviousFolder()
    {
        var repo = NewRepo(out var source);
        var first = repo.Write("app/a.yaml", "a: 1\n").Write("app/b.yaml", "b: 1\n").Write("app/same.yaml", "s: 1\n").Symlink("app/link", "a.yaml").Commit();
        using var fetcher = Fetcher(source);
        string oldDirectory;
        long sameInode;
        using (var old = await fetcher.CheckoutAsync("platform", await fetcher.FetchHeadAsync("platform")))
        {
            oldDirectory = old.Directory;
            sameInode = Inode(Path.Combine(old.Directory, "app/same.yaml"));
        }

        var second = repo.Write("app/a.yaml", "a: 2\n").Delete("app/b.yaml").Write("app/c.yaml", "c: 1\n").Commit();
        var head = await fetcher.FetchHeadAsync("platform");
        using var next = await fetcher.CheckoutAsync("platform", head);

        Assert.Equal(second, head);
        Assert.Contains(logger.Lines, l => l.Contains($"incrementally from {first} (3 changed paths, baseline taken over)", StringComparison.Ordinal));
        Assert.False(Directory.Exists(oldDirectory));
        Assert.False(File.Exists(oldDirectory + ".lease"));
        Assert.Equal(["app/a.yaml", "app/c.yaml", "app/link", "app/same.yaml"], Files(next.Directory));
        Assert.Equal("a: 2\n", File.ReadAllText(Path.Combine(next.Directory, "app/a.yaml")));
        Assert.Equal("a.yaml", new FileInfo(Path.Combine(next.Directory, "app/link")).LinkTarget);
        Assert.Equal(sameInode, Inode(Path.Combine(next.Directory, "app/same.yaml")));
    }

    [Fact]
    public async Task CheckoutAsync_PreviousHeldByAJob_LinksItInsteadAndLeavesItIntact()
    {
        var repo = NewRepo(out var source);
        var first = repo.Write("a.yaml", "a: 1\n").Commit();
        using var fetcher = Fetcher(source);
        using var held = await fetcher.CheckoutAsync("platform", first);
        repo.Write("a.yaml", "a: 2\n").Commit();

        using var next = await fetcher.CheckoutAsync("platform", await fetcher.FetchHeadAsync("platform"));

        Assert.Contains(logger.Lines, l => l.Contains($"incrementally from {first} (1 changed paths, baseline linked)", StringComparison.Ordinal));
        Assert.Equal("a: 1\n", File.ReadAllText(Path.Combine(held.Directory, "a.yaml")));
        Assert.Equal("a: 2\n", File.ReadAllText(Path.Combine(next.Directory, "a.yaml")));
    }

    [Fact]
    public async Task CheckoutAsync_HundredsOfChangedPaths_StillChecksOutOnlyThoseIncrementally()
    {
        var repo = NewRepo(out var source);
        for (var i = 0; i < 300; i++)
        {
            repo.Write($"app/cm-{i:D3}.yaml", $"v: {i}\n");
        }

        repo.Write("app/odd name -- with 'quotes'.yaml", "q: 1\n");
        var first = repo.Commit();
        for (var i = 0; i < 250; i++)
        {
            repo.Write($"app/cm-{i:D3}.yaml", $"v: changed-{i}\n");
        }

        repo.Write("app/odd name -- with 'quotes'.yaml", "q: 2\n");
        var second = repo.Commit();
        using var fetcher = Fetcher(source);
        using (await fetcher.CheckoutAsync("platform", first))
        {
        }

        using var next = await fetcher.CheckoutAsync("platform", second);

        Assert.Contains(logger.Lines, l => l.Contains($"incrementally from {first} (251 changed paths, baseline taken over)", StringComparison.Ordinal));
        Assert.Equal("v: changed-0\n", File.ReadAllText(Path.Combine(next.Directory, "app/cm-000.yaml")));
        Assert.Equal("v: changed-249\n", File.ReadAllText(Path.Combine(next.Directory, "app/cm-249.yaml")));
        Assert.Equal("v: 250\n", File.ReadAllText(Path.Combine(next.Directory, "app/cm-250.yaml")));
        Assert.Equal("q: 2\n", File.ReadAllText(Path.Combine(next.Directory, "app/odd name -- with 'quotes'.yaml")));
        Assert.Equal(301, Files(next.Directory).Length);
    }

    private string CacheShallowFile()
    {
        var shallow = Path.Combine(Directory.GetDirectories(Path.Combine(root.Path, "cache")).Single(), "repo.git", "shallow");
        return File.Exists(shallow) ? File.ReadAllText(shallow) : "";
    }

    private static long Inode(string path)
    {
        // `stat -c %i`: the file's identity, to show it was moved with its folder rather than written again.
        var info = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] Files(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Where(p => !Directory.Exists(p) || new FileInfo(p).LinkTarget is not null)
            .Select(p => Path.GetRelativePath(directory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}
