using System.Text.Json;
using GitOps.Cli;
using GitOps.Testing.Git;

namespace GitOps.Cli.Tests.Cli;

/// <summary>`gitops apps` over a real local git source and `gitops validate` with real kubectl/kustomize.</summary>
public sealed class AppsAndValidateVerbTests : IDisposable
{
    private const string AppYaml = """
        apiVersion: gitops-functions.io/v1
        kind: App
        metadata:
          name: web
        spec:
          path: apps/web
          cluster: dev
          namespace: demo
          prune: false
        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
        data:
          greeting: hello
        """;

    private readonly TempFolder temp = new();

    [Fact]
    public async Task Apps_LocalSource_ListsDefinitionsInBothForms()
    {
        using var daemon = GitDaemon.Start(Path.Combine(temp.Path, "served"));
        var repo = daemon.CreateRepository("repo").Write(".gitops/web.yaml", AppYaml).Write("apps/web/configmap.yaml", ConfigMap);
        repo.Commit("apps");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "",
            ["GitOps:Sources:platform:Url"] = daemon.UrlOf("repo"),
            ["GitOps:Clusters:dev:Server"] = "https://127.0.0.1:1",
        };

        var table = await CliRun.RunAsync(settings, "apps");
        var json = await CliRun.RunAsync(settings, "apps", "--source", "platform", "-o", "json");

        Assert.True(table.Exit == ExitCodes.Ok, table.Error);
        Assert.Matches(@"platform\s+web\s+apps/web\s+dev\s+demo\s+Auto\s+no\s+yes\s+Heal", table.Output);
        using var doc = JsonDocument.Parse(json.Output);
        var app = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("web", app.GetProperty("name").GetString());
        Assert.False(app.GetProperty("prune").GetBoolean());
    }

    [Fact]
    public async Task Apps_UnknownSource_ExitsThreeNamingConfiguredSources()
    {
        var settings = new Dictionary<string, string?> { ["GitOps:Sources:platform:Url"] = temp.Path };

        var result = await CliRun.RunAsync(settings, "apps", "--source", "nope");

        Assert.Equal(ExitCodes.NotFound, result.Exit);
        Assert.Contains("source 'nope' not found; configured sources: platform", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ValidAppFolder_ExitsZero()
    {
        temp.Write("ok/configmap.yaml", ConfigMap);

        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "validate", Path.Combine(temp.Path, "ok"), "--namespace", "demo");

        Assert.True(result.Exit == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains("ok: app 'local'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidDefinition_ExitsOne()
    {
        temp.Write("bad/.gitops/web.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata:\n  name: web\nspec: {}\n");

        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "validate", Path.Combine(temp.Path, "bad"));

        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Contains("error:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Json_ReportsValidityAndMessages()
    {
        temp.Write("okjson/configmap.yaml", ConfigMap);

        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "validate", Path.Combine(temp.Path, "okjson"), "--namespace", "demo", "-o", "json");

        Assert.True(result.Exit == ExitCodes.Ok, result.Output + result.Error);
        using var doc = JsonDocument.Parse(result.Output);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.StartsWith("ok: app 'local'", doc.RootElement.GetProperty("messages")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ClusterNamedInSettings_ChecksItsNamespacesAndClusterScopedKinds()
    {
        temp.Write("shop/.gitops/shop.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: shop}\nspec: {path: apps/shop, cluster: prod, namespace: shop}\n");
        temp.Write("shop/apps/shop/configmap.yaml", ConfigMap);
        temp.Write("shop/apps/shop/other.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: elsewhere, namespace: kube-system}\n");
        temp.Write("shop/apps/shop/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n");
        var settings = new Dictionary<string, string?>
        {
            ["GitOps:Clusters:prod:Server"] = "https://127.0.0.1:1",
            ["GitOps:Clusters:prod:AllowedNamespaces:0"] = "shop",
            ["GitOps:Clusters:prod:AllowClusterScoped"] = "false",
        };

        var checkedResult = await CliRun.RunAsync(settings, "validate", Path.Combine(temp.Path, "shop"));
        var unknownCluster = await CliRun.RunAsync(new Dictionary<string, string?>(), "validate", Path.Combine(temp.Path, "shop"));

        Assert.Equal(ExitCodes.Failure, checkedResult.Exit);
        Assert.Contains("kube-system", checkedResult.Output, StringComparison.Ordinal);
        Assert.Contains("ClusterRole/reader", checkedResult.Output, StringComparison.Ordinal);
        Assert.True(unknownCluster.Exit == ExitCodes.Ok, unknownCluster.Output + unknownCluster.Error);
    }

    [Fact]
    public async Task Validate_AppFolderWithCluster_ChecksTheClustersNamespaces()
    {
        temp.Write("folder/configmap.yaml", ConfigMap);
        var settings = new Dictionary<string, string?>
        {
            ["GitOps:Clusters:prod:Server"] = "https://127.0.0.1:1",
            ["GitOps:Clusters:prod:AllowedNamespaces:0"] = "shop",
        };

        var result = await CliRun.RunAsync(settings, "validate", Path.Combine(temp.Path, "folder"), "--namespace", "demo", "--cluster", "prod");

        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Contains("demo", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apps_GitSettings_AreHonoured_AndAnInvalidAppDoesNotHideTheOthers()
    {
        using var daemon = GitDaemon.Start(Path.Combine(temp.Path, "served"));
        var repo = daemon.CreateRepository("repo").Write(".gitops/web.yaml", AppYaml).Write("apps/web/configmap.yaml", ConfigMap)
            .Write(".gitops/bad.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: bad}\nspec: {path: ../outside, cluster: dev}\n");
        repo.Commit("apps");
        var cache = Path.Combine(temp.Path, "git-cache");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "",
            ["GitOps:Sources:platform:Url"] = daemon.UrlOf("repo"),
            ["GitOps:Clusters:dev:Server"] = "https://127.0.0.1:1",
            ["GitOps:Git:CacheDirectory"] = cache,
        };

        var result = await CliRun.RunAsync(settings, "apps");
        var noGit = await CliRun.RunAsync(new Dictionary<string, string?>(settings) { ["GitOps:Git:Git"] = Path.Combine(temp.Path, "no-such-git") }, "apps");

        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Matches(@"platform\s+web\s+apps/web", result.Output);
        Assert.Contains("source 'platform': .gitops/bad.yaml:4: spec.path:", result.Error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(cache) && Directory.EnumerateFileSystemEntries(cache).Any(), "the git cache is in GitOps:Git:CacheDirectory");
        Assert.NotEqual(ExitCodes.Ok, noGit.Exit);
        Assert.Contains("no-such-git", noGit.Error, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
