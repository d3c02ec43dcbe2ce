using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Tests.Rendering;
using GitOps.Testing;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Sources;

/// <summary>A commit read as a tree (no checkout) gives the app catalog and the plain render exactly what a checkout gives.</summary>
public sealed class SourceTreeTests : IDisposable
{
    private const string AppDefinitions = """
        apiVersion: gitops-functions.io/v1
        kind: App
        metadata: { name: web }
        spec: { path: apps/web, cluster: c, namespace: web }
        ---
        apiVersion: gitops-functions.io/v1
        kind: App
        metadata: { name: tools }
        spec: { path: apps/tools, cluster: c, namespace: tools, dependsOn: [web] }
        """;

    private readonly TempFolder root = new();
    private readonly GitDaemon daemon;
    private readonly GitRepoBuilder repo;
    private readonly GitSourceFetcher fetcher;

    public SourceTreeTests()
    {
        daemon = GitDaemon.Start(Path.Combine(root.Path, "served"));
        repo = daemon.CreateRepository("platform");
        fetcher = new GitSourceFetcher(
            new GitOpsOptions { Sources = { ["platform"] = new SourceOptions { Url = daemon.UrlOf("platform"), Branch = "main" } } },
            new GitFetcherOptions { Git = ToolPaths.Git, CacheDirectory = Path.Combine(root.Path, "cache"), Timeout = TimeSpan.FromMinutes(1) },
            new CapturingLogger<GitSourceFetcher>());
    }

    public void Dispose()
    {
        fetcher.Dispose();
        daemon.Dispose();
        root.Dispose();
    }

    [Fact]
    public async Task TryReadTreeAsync_RegularFiles_ListsEveryFileInPathOrderAndReadsExactBytes()
    {
        var binary = new byte[] { 0xff, 0xfe, 0x00, (byte)'\n', 0x80, (byte)'x' };
        var commit = repo.Write("b/é file.yaml", "k: v\n").WriteBytes("a/bin.dat", binary).Write("a-b.txt", "").Commit();

        var tree = await fetcher.TryReadTreeAsync("platform", commit);

        Assert.NotNull(tree);
        Assert.Equal(["a-b.txt", "a/bin.dat", "b/é file.yaml"], tree.Files.Select(f => f.Path));
        Assert.Equal([0L, 6L, 5L], tree.Files.Select(f => f.Size));
        var blobs = await tree.ReadBlobsAsync([.. tree.Files.Select(f => f.BlobId)]);
        Assert.NotNull(blobs);
        Assert.Equal(binary, blobs[tree.Files[1].BlobId]);
        Assert.Equal("k: v\n"u8.ToArray(), blobs[tree.Files[2].BlobId]);
        Assert.Empty(blobs[tree.Files[0].BlobId]);
        Assert.True(tree.HasFolder("a") && tree.HasFolder("b") && tree.HasFolder("") && !tree.HasFolder("c") && !tree.HasFolder("a-b.txt"));
    }

    [Fact]
    public async Task TryRenderAsync_AppBeyondTheWalkLimits_IsLeftToTheCheckoutWhichReportsThem()
    {
        // 3 files and 3 folders (x, x/y, x/y/z), 3 deep: a limit of 5 entries or 2 levels is crossed only when folders count.
        var commit = repo.Write("apps/web/a.yaml", Cm("a", "1")).Write("apps/web/x/b.yaml", Cm("b", "1")).Write("apps/web/x/y/z/c.yaml", Cm("c", "1")).Commit();
        var tree = await fetcher.TryReadTreeAsync("platform", commit);
        var app = RenderTestContext.App("apps/web");

        Assert.Equal((6, 3), tree!.ShapeUnder("apps/web"));
        Assert.NotNull(await new AppRenderer(RenderTestContext.Options with { Walk = new() { MaxEntries = 6 } }).TryRenderAsync(app, tree));
        Assert.Null(await new AppRenderer(RenderTestContext.Options with { Walk = new() { MaxEntries = 5 } }).TryRenderAsync(app, tree));
        Assert.Null(await new AppRenderer(RenderTestContext.Options with { Walk = new() { MaxDepth = 2 } }).TryRenderAsync(app, tree));
        using var checkout = await fetcher.CheckoutAsync("platform", commit);
        var error = await Assert.ThrowsAsync<RenderException>(() => new AppRenderer(RenderTestContext.Options with { Walk = new() { MaxEntries = 5 } }).RenderAsync(app, checkout.Directory));
        Assert.Contains("more than 5 files and folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryReadTreeAsync_TreeWithASymlink_ReturnsNullSoTheCheckoutResolvesIt()
    {
        var commit = repo.Write("app/a.yaml", "a: 1\n").Symlink("app/link.yaml", "a.yaml").Commit();

        Assert.Null(await fetcher.TryReadTreeAsync("platform", commit));
    }

    [Fact]
    public void ParseBatch_MissingOrTruncatedObject_IsNull()
    {
        var id = new string('a', 40);

        Assert.NotNull(GitSourceFetcher.ParseBatch(System.Text.Encoding.ASCII.GetBytes($"{id} blob 2\nhi\n"), 1));
        Assert.Null(GitSourceFetcher.ParseBatch(System.Text.Encoding.ASCII.GetBytes($"{id} missing\n"), 1));
        Assert.Null(GitSourceFetcher.ParseBatch(System.Text.Encoding.ASCII.GetBytes($"{id} blob 5\nhi\n"), 1));
        Assert.Null(GitSourceFetcher.ParseBatch(System.Text.Encoding.ASCII.GetBytes($"{id} blob 2\nhi\n"), 2));
    }

    [Fact]
    public async Task LoadAsync_FromTree_GivesTheAppsTheCheckoutGives()
    {
        var commit = repo.Write(".gitops/apps.yaml", AppDefinitions).Write("apps/web/cm.yaml", Cm("web", "a")).Write("apps/tools/cm.yaml", Cm("tools", "b")).Commit();

        var (tree, checkout) = await TreeAndCheckoutAsync(commit);
        using (checkout)
        {
            var fromTree = await AppDefinitionLoader.LoadAsync(tree, "platform");
            var fromCheckout = AppDefinitionLoader.Load(checkout.Directory, "platform");

            Assert.NotNull(fromTree);
            Assert.Equal(["web", "tools"], fromTree.Select(a => a.Name));
            Assert.Equal(fromCheckout.Select(Summary), fromTree.Select(Summary));
        }
    }

    private static string Summary(AppDefinition app) => $"{app.Name} {app.Path} {app.DefinedIn} {string.Join(",", app.DependsOn)}";

    [Fact]
    public async Task LoadAsync_SpecPathMissing_ReportsWhatTheCheckoutReports()
    {
        var commit = repo.Write(".gitops/apps.yaml", AppDefinitions).Write("apps/web/cm.yaml", Cm("web", "a")).Commit();
        var tree = await fetcher.TryReadTreeAsync("platform", commit);
        using var checkout = await fetcher.CheckoutAsync("platform", commit);

        var fromTree = await Assert.ThrowsAsync<AppDefinitionException>(() => AppDefinitionLoader.LoadAsync(tree!, "platform"));
        var fromCheckout = Assert.Throws<AppDefinitionException>(() => AppDefinitionLoader.Load(checkout.Directory, "platform"));

        Assert.Equal(fromCheckout.Message, fromTree.Message);
        Assert.Contains("folder 'apps/tools' does not exist in the repository", fromTree.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryRenderAsync_PlainApp_GivesTheObjectsTheCheckoutGivesAndParsesOnlyChangedFilesNextTime()
    {
        repo.Write("apps/web/b.yaml", Cm("b", "1") + "---\n" + Cm("c", "1"))
            .Write("apps/web/a/nested.yml", Cm("nested", "1"))
            .Write("apps/web/list.json", """{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}]}""")
            .Write("apps/web/README.md", "not a manifest")
            .Write("apps/web/kustomization.yaml.txt", "not one either");
        var first = repo.Commit();
        var second = repo.Write("apps/web/b.yaml", Cm("b", "2") + "---\n" + Cm("c", "1")).Commit();
        var renderer = new AppRenderer(RenderTestContext.Options);
        var app = RenderTestContext.App("apps/web");

        var (tree, checkout) = await TreeAndCheckoutAsync(first);
        var fromTree = await renderer.TryRenderAsync(app, tree);
        var parsedFirst = renderer.PlainFilesParsed;
        RenderResult fromCheckout;
        using (checkout)
        {
            fromCheckout = await RenderTestContext.RenderAsync(checkout.Directory, app);
        }

        var next = await renderer.TryRenderAsync(app, (await fetcher.TryReadTreeAsync("platform", second))!);

        Assert.NotNull(fromTree);
        Assert.Equal(fromCheckout.Objects.Select(o => o.ToJsonString()), fromTree.Objects.Select(o => o.ToJsonString()));
        Assert.Equal(["nested", "b", "c", "j"], fromTree.Objects.Select(o => (string)o["metadata"]!["name"]!));
        Assert.Equal(3, parsedFirst);
        Assert.Equal(4, renderer.PlainFilesParsed);
        Assert.Equal("2", (string)next!.Objects[1]["data"]!["k"]!);
    }

    [Theory]
    [InlineData("kustomization.yaml")]
    [InlineData("Chart.yaml")]
    public async Task TryRenderAsync_KustomizeOrHelmFolder_IsLeftToTheCheckout(string file)
    {
        var commit = repo.Write($"apps/web/{file}", "resources: []\n").Write("apps/web/cm.yaml", Cm("a", "1")).Commit();
        var tree = await fetcher.TryReadTreeAsync("platform", commit);

        Assert.Null(await new AppRenderer(RenderTestContext.Options).TryRenderAsync(RenderTestContext.App("apps/web"), tree!));
    }

    [Fact]
    public async Task TryRenderAsync_BrokenYamlOrOversizedFile_FailsAsTheCheckoutFails()
    {
        var broken = repo.Write("apps/web/a.yaml", Cm("a", "1")).Write("apps/web/z.yaml", "metadata: [unclosed\n").Commit();
        var oversized = repo.Write("apps/web/z.yaml", new string('#', 2048) + "\n").Commit();
        var app = RenderTestContext.App("apps/web");
        var options = RenderTestContext.Options with { Yaml = new GitOps.Engine.Manifests.YamlLimits { MaxFileBytes = 1024 } };

        foreach (var commit in new[] { broken, oversized })
        {
            var (tree, checkout) = await TreeAndCheckoutAsync(commit);
            using (checkout)
            {
                var fromTree = await Assert.ThrowsAsync<RenderException>(() => new AppRenderer(options).TryRenderAsync(app, tree));
                var fromCheckout = await Assert.ThrowsAsync<RenderException>(() => new AppRenderer(options).RenderAsync(app, checkout.Directory));

                Assert.Equal(fromCheckout.Message, fromTree.Message);
            }
        }
    }

    private static string Cm(string name, string value) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: \"{value}\"\n";

    private async Task<(SourceTree Tree, SourceCheckout Checkout)> TreeAndCheckoutAsync(string commit)
    {
        var tree = await fetcher.TryReadTreeAsync("platform", commit);
        Assert.NotNull(tree);
        return (tree, await fetcher.CheckoutAsync("platform", commit));
    }
}
