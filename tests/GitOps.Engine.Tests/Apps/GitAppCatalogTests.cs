using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Tests.Rendering;
using GitOps.Engine.Tests.Sources;
using GitOps.Testing;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Apps;

public sealed class GitAppCatalogTests : IDisposable
{
    private readonly TempFolder root = new();
    private readonly GitDaemon daemon;

    public GitAppCatalogTests() => daemon = GitDaemon.Start(Path.Combine(root.Path, "served"));

    public void Dispose()
    {
        daemon.Dispose();
        root.Dispose();
    }

    [Fact]
    public async Task GetAppsAsync_HeadOfServedRepo_LoadsAppsAndRendersThem()
    {
        var repo = daemon.CreateRepository("platform");
        repo.Write(".gitops/web.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: web}\nspec: {path: apps/web, cluster: prod, namespace: web}\n");
        repo.Write("apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {enabled: \"on\"}\n");
        var head = repo.Commit();
        var options = new GitOpsOptions
        {
            Sources = { ["platform"] = new SourceOptions { Url = daemon.UrlOf("platform") } },
            Clusters = { ["prod"] = new ClusterOptions { AllowedNamespaces = ["web"], AllowClusterScoped = false } },
        };
        using var fetcher = new GitSourceFetcher(options, new GitFetcherOptions { Git = ToolPaths.Git, CacheDirectory = Path.Combine(root.Path, "cache") }, new CapturingLogger<GitSourceFetcher>());
        var catalog = new GitAppCatalog(fetcher, options);

        var apps = await catalog.GetAppsAsync("platform");
        using var checkout = await fetcher.CheckoutAsync("platform", head);
        var result = await new AppRenderer(RenderTestContext.Options, options).RenderAsync(apps.Apps.Single(), checkout.Directory);

        Assert.Equal("web", Assert.Single(apps.Apps).Name);
        Assert.Same(apps, await catalog.GetAppsAsync("platform", head));
        Assert.Equal("on", result.Objects.Single()["data"]!["enabled"]!.GetValue<string>());
        Assert.Equal("web", result.Objects.Single()["metadata"]!["namespace"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetAppsAsync_AppOnDisallowedCluster_IsInvalidWithTheSetting_TheOthersStayValid()
    {
        var repo = daemon.CreateRepository("platform");
        repo.Write(".gitops/web.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: web}\nspec: {path: apps/web, cluster: prod}\n");
        repo.Write(".gitops/api.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: api}\nspec: {path: apps/web, cluster: dev}\n");
        repo.Write("apps/web/cm.yaml", "");
        repo.Commit();
        var options = new GitOpsOptions
        {
            Sources = { ["platform"] = new SourceOptions { Url = daemon.UrlOf("platform") } },
            Clusters = { ["prod"] = new ClusterOptions { AllowedSources = ["infra"] }, ["dev"] = new ClusterOptions() },
        };
        using var fetcher = new GitSourceFetcher(options, new GitFetcherOptions { Git = ToolPaths.Git, CacheDirectory = Path.Combine(root.Path, "cache") }, new CapturingLogger<GitSourceFetcher>());

        var apps = await new GitAppCatalog(fetcher, options).GetAppsAsync("platform");

        Assert.Equal("api", Assert.Single(apps.Apps).Name);
        var web = Assert.Single(apps.Invalid);
        Assert.Equal("web", web.Name);
        Assert.Equal([".gitops/web.yaml:1: spec.cluster: source 'platform' may not deploy to cluster 'prod' (GitOps:Clusters:prod:AllowedSources)"], web.Problems);
    }
}
