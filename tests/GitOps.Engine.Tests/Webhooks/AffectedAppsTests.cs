using GitOps.Engine.Apps;
using GitOps.Engine.Webhooks.Matching;

namespace GitOps.Engine.Tests.Webhooks;

public sealed class AffectedAppsTests
{
    private static readonly AppDefinition[] Apps =
    [
        new() { Name = "web", Source = "mono", Path = "apps/web", Cluster = "c" },
        new() { Name = "api", Source = "mono", Path = "./apps/api/", Cluster = "c", WatchPaths = ["shared/base"] },
        new() { Name = "webhooks", Source = "mono", Path = "apps/web-hooks", Cluster = "c" },
    ];

    private static string[] Names(IEnumerable<AppDefinition> apps) => apps.Select(a => a.Name).ToArray();

    [Fact]
    public void Select_PathUnderOneApp_SelectsOnlyThatApp()
        => Assert.Equal(["web"], Names(AffectedApps.Select(Apps, ["apps/web/deploy.yaml"], ".gitops")));

    [Fact]
    public void Select_SiblingWithSamePrefix_IsNotAffected()
        => Assert.Equal(["webhooks"], Names(AffectedApps.Select(Apps, ["apps/web-hooks/x.yaml"], ".gitops")));

    [Fact]
    public void Select_WatchPath_SelectsTheWatchingApp()
        => Assert.Equal(["api"], Names(AffectedApps.Select(Apps, ["shared/base/kustomization.yaml"], ".gitops")));

    [Fact]
    public void Select_UnrelatedPath_SelectsNothing()
        => Assert.Empty(AffectedApps.Select(Apps, ["README.md", "docs/apps/web/x"], ".gitops"));

    [Fact]
    public void Select_ChangeUnderAppsFolder_SelectsEveryApp()
        => Assert.Equal(["web", "api", "webhooks"], Names(AffectedApps.Select(Apps, [".gitops/web.yaml"], ".gitops/")));

    [Fact]
    public void Select_UnknownPaths_SelectsEveryApp()
        => Assert.Equal(["web", "api", "webhooks"], Names(AffectedApps.Select(Apps, null, ".gitops")));

    [Fact]
    public void Select_AppAtRepositoryRoot_IsAffectedByAnyChange()
    {
        AppDefinition[] apps = [new() { Name = "root", Source = "s", Path = ".", Cluster = "c" }];
        Assert.Equal(["root"], Names(AffectedApps.Select(apps, ["anything.txt"], ".gitops")));
    }
}
