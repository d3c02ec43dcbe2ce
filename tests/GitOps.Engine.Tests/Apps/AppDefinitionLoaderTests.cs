using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Apps;

public sealed class AppDefinitionLoaderTests
{
    private const string Full = """
        apiVersion: gitops-functions.io/v1
        kind: App
        metadata: {name: web}
        spec:
          path: ./apps/web/
          cluster: prod
          namespace: web
          render:
            type: helm
            helm: {releaseName: shop, valuesFiles: [values-prod.yaml], values: {replicas: 3}, allowLookup: false}
          prune: false
          selfHeal: false
          driftMode: detect
          allowEmpty: true
          syncWave: 2
          watchPaths: [shared/base]
          dependsOn: [db]
          syncOptions: {recreateOnImmutable: true}
          ignore:
          - {group: apps, kind: Deployment, name: web, jsonPointers: [/spec/replicas], managedFieldsManagers: [hpa-controller]}
        ---
        apiVersion: gitops-functions.io/v1
        kind: App
        metadata: {name: db}
        spec: {path: apps/db, cluster: prod}
        """;

    private static TempFolder Repo(string apps)
    {
        var repo = new TempFolder();
        repo.Write(".gitops/apps.yaml", apps);
        repo.Write("apps/web/cm.yaml", "");
        repo.Write("apps/db/cm.yaml", "");
        return repo;
    }

    [Fact]
    public void Load_FullDefinition_ReadsEveryField()
    {
        using var repo = Repo(Full);

        var apps = AppDefinitionLoader.Load(repo.Path, "platform");

        var web = apps.Single(a => a.Name == "web");
        Assert.Equal("apps/web", web.Path);
        Assert.Equal("platform", web.Source);
        Assert.Equal(RenderType.Helm, web.Render.Type);
        Assert.Equal("shop", web.Render.Helm.ReleaseName);
        Assert.Equal(["values-prod.yaml"], web.Render.Helm.ValuesFiles);
        Assert.Equal("{\"replicas\":3}", web.Render.Helm.Values);
        Assert.False(web.Prune);
        Assert.False(web.SelfHeal);
        Assert.Equal(DriftMode.Detect, web.DriftMode);
        Assert.True(web.AllowEmpty);
        Assert.Equal(2, web.SyncWave);
        Assert.Equal(["shared/base"], web.WatchPaths);
        Assert.Equal(["db"], web.DependsOn);
        Assert.True(web.SyncOptions.RecreateOnImmutable);
        var rule = Assert.Single(web.Ignore);
        Assert.True(rule.Matches("apps", "Deployment", "web", "web"));
        Assert.Equal(["hpa-controller"], rule.ManagedFieldsManagers);
        Assert.Equal(".gitops/apps.yaml:1", web.DefinedIn);
        Assert.Equal(".gitops/apps.yaml:22", apps.Single(a => a.Name == "db").DefinedIn);
        var db = apps.Single(a => a.Name == "db");
        Assert.True(db.Prune);
        Assert.True(db.SelfHeal);
        Assert.Equal(RenderType.Auto, db.Render.Type);
    }

    [Fact]
    public void Load_Problems_NameFileLineAndField()
    {
        using var repo = Repo("""
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: Web_1}
            spec:
              path: apps/web
              cluster: prod
              prune: maybe
              driftMode: sometimes
              replicas: 3
              dependsOn: [nothing]
            """);

        var ex = Assert.Throws<AppDefinitionException>(() => AppDefinitionLoader.Load(repo.Path, "platform"));

        Assert.Contains(".gitops/apps.yaml:3: metadata.name: 'Web_1' must be a DNS-1123 label", ex.Message, StringComparison.Ordinal);
        Assert.Contains(".gitops/apps.yaml:7: spec.prune: must be true or false", ex.Problems);
        Assert.Contains(".gitops/apps.yaml:8: spec.driftMode: 'sometimes' must be heal or detect", ex.Problems);
        Assert.Contains(ex.Problems, p => p.StartsWith(".gitops/apps.yaml:9: spec.replicas: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFolderDuplicateNameAndUnknownDependency_AreReported()
    {
        using var repo = Repo("""
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: web}
            spec: {path: apps/missing, cluster: prod, dependsOn: [ghost]}
            ---
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: web}
            spec: {path: ../outside, cluster: prod}
            """);

        var ex = Assert.Throws<AppDefinitionException>(() => AppDefinitionLoader.Load(repo.Path, "platform"));

        Assert.Contains(".gitops/apps.yaml:1: spec.path: folder 'apps/missing' does not exist in the repository", ex.Problems);
        Assert.Contains(".gitops/apps.yaml:1: spec.dependsOn: app 'ghost' is not declared in this source", ex.Problems);
        Assert.Contains(".gitops/apps.yaml:9: spec.path: spec.path '../outside' must not contain '..'", ex.Problems);
    }

    [Fact]
    public void LoadAll_OneInvalidApp_TheOthersStayValid()
    {
        using var repo = Repo("""
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: web}
            spec: {path: apps/web, cluster: prod}
            ---
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: bad}
            spec: {path: ../outside, cluster: prod}
            ---
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: db}
            spec: {path: apps/db, cluster: prod, dependsOn: [bad]}
            """);

        var loaded = AppDefinitionLoader.LoadAll(repo.Path, "platform");

        Assert.Equal(["web", "db"], loaded.Apps.Select(a => a.Name));
        var bad = Assert.Single(loaded.Invalid);
        Assert.Equal("bad", bad.Name);
        Assert.Equal(".gitops/apps.yaml:6", bad.DefinedIn);
        Assert.Equal([".gitops/apps.yaml:9: spec.path: spec.path '../outside' must not contain '..'"], bad.Problems);
        Assert.Empty(loaded.Problems);
        Assert.Throws<AppDefinitionException>(() => AppDefinitionLoader.Load(repo.Path, "platform"));
    }

    [Fact]
    public void LoadAll_UnparsableFileAndNamelessDocument_AreTheFoldersProblems()
    {
        using var repo = Repo("""
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: web}
            spec: {path: apps/web, cluster: prod}
            ---
            apiVersion: gitops-functions.io/v1
            kind: App
            spec: {path: apps/db, cluster: prod}
            """);
        repo.Write(".gitops/broken.yaml", "a: [unclosed\n");

        var loaded = AppDefinitionLoader.LoadAll(repo.Path, "platform");

        Assert.Equal("web", Assert.Single(loaded.Apps).Name);
        Assert.Empty(loaded.Invalid);
        Assert.Equal(2, loaded.Problems.Count);
        Assert.Contains("is not declared by source 'platform' at commit c1 (the apps folder has problems: ", loaded.WhyNotSyncable("db", "platform", "c1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto", RenderType.Auto)]
    [InlineData("plain", RenderType.Plain)]
    [InlineData("kustomize", RenderType.Kustomize)]
    [InlineData("helm", RenderType.Helm)]
    public void Load_RenderShortForm_NamesTheType(string render, RenderType expected)
    {
        using var repo = Repo($$"""
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: web}
            spec:
              path: apps/web
              cluster: prod
              render: {{render}}
            """);

        Assert.Equal(expected, Assert.Single(AppDefinitionLoader.Load(repo.Path, "platform")).Render.Type);
    }

    [Fact]
    public void Load_RenderShortFormUnknown_SaysWhichTypesExist()
    {
        using var repo = Repo("""
            apiVersion: gitops-functions.io/v1
            kind: App
            metadata: {name: web}
            spec:
              path: apps/web
              cluster: prod
              render: jsonnet
            """);

        var ex = Assert.Throws<AppDefinitionException>(() => AppDefinitionLoader.Load(repo.Path, "platform"));

        Assert.Equal([".gitops/apps.yaml:7: spec.render: 'jsonnet' must be auto, plain, kustomize or helm"], ex.Problems);
    }

    [Fact]
    public void Load_NoAppsFolder_ReturnsEmpty()
    {
        using var repo = new TempFolder();

        Assert.Empty(AppDefinitionLoader.Load(repo.Path, "platform"));
    }

    [Fact]
    public void Check_ClusterAllowLists_AreEnforced()
    {
        var app = new AppDefinition { Name = "web", Source = "platform", Path = "apps/web", Cluster = "prod", Namespace = "kube-system", DefinedIn = ".gitops/apps.yaml:1" };
        var host = new GitOpsOptions { Clusters = { ["prod"] = new ClusterOptions { AllowedSources = ["infra"], AllowedNamespaces = ["web"] } } };

        var problems = AppPolicy.Check(app, host);
        var unknownCluster = AppPolicy.Check(app with { Cluster = "staging" }, host);

        Assert.Equal(
            [
                ".gitops/apps.yaml:1: spec.cluster: source 'platform' may not deploy to cluster 'prod' (GitOps:Clusters:prod:AllowedSources)",
                ".gitops/apps.yaml:1: spec.namespace: namespace 'kube-system' is not allowed on cluster 'prod' (GitOps:Clusters:prod:AllowedNamespaces)",
            ],
            problems);
        Assert.Equal([".gitops/apps.yaml:1: spec.cluster: cluster 'staging' is not configured on this host (GitOps:Clusters; known: prod)"], unknownCluster);
    }
}
