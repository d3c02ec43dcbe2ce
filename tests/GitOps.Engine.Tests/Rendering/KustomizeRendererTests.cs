using GitOps.Engine.Rendering;
using GitOps.Testing.Git;
using static GitOps.Engine.Tests.Rendering.RenderTestContext;

namespace GitOps.Engine.Tests.Rendering;

public sealed class KustomizeRendererTests
{
    private static void WriteBase(TempFolder repo)
    {
        repo.Write("base/kustomization.yaml", "resources:\n- deployment.yaml\n- service.yaml\n");
        repo.Write("base/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:1.27"}]}
            """);
        repo.Write("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n");
    }

    [Fact]
    public async Task RenderAsync_OverlayWithPatchAndGenerator_RendersWithKubectlKustomize()
    {
        using var repo = new TempFolder();
        WriteBase(repo);
        repo.Write("overlays/prod/kustomization.yaml", """
            namespace: prod
            namePrefix: prod-
            resources: [../../base]
            patches:
            - target: {kind: Deployment, name: web}
              patch: |-
                - op: replace
                  path: /spec/replicas
                  value: 3
            configMapGenerator:
            - name: settings
              literals: [MODE=prod]
            """);

        var result = await RenderAsync(repo.Path, App("overlays/prod", ns: "prod"));

        Assert.Equal("kustomize", result.Renderer);
        var deployment = result.Objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment");
        Assert.Equal("prod-web", deployment["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("prod", deployment["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<long>());
        var configMap = result.Objects.Single(o => o["kind"]!.GetValue<string>() == "ConfigMap");
        Assert.StartsWith("prod-settings-", configMap["metadata"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("prod", configMap["data"]!["MODE"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenderAsync_ExecPlugin_IsRejectedBeforeKustomizeRuns()
    {
        using var repo = new TempFolder();
        WriteBase(repo);
        repo.Write("app/kustomization.yaml", "resources: [../base]\ngenerators:\n- gen.yaml\n");
        repo.Write("app/gen.yaml", """
            apiVersion: example.com/v1
            kind: Evil
            metadata:
              name: evil
              annotations:
                config.kubernetes.io/function: |
                  exec:
                    path: /bin/sh
            """);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Equal("app/kustomization.yaml:3: generators: 'gen.yaml' declares the plugin Evil (example.com/v1); exec, container and Go plugins are not allowed, only built-in ones (apiVersion: builtin)", ex.Message);
    }

    [Theory]
    [InlineData("https://github.com/example/repo//base?ref=v1")]
    [InlineData("github.com/example/repo/base")]
    [InlineData("git@github.com:example/repo.git")]
    public async Task RenderAsync_RemoteBase_IsRejectedUnlessAllowed(string remote)
    {
        using var repo = new TempFolder();
        repo.Write("app/kustomization.yaml", $"resources:\n- {remote}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Contains($"resources: '{remote}' is a remote resource; remote bases are off unless the app sets render.allowRemoteBases: true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_HelmInflation_IsRejected()
    {
        using var repo = new TempFolder();
        repo.Write("app/kustomization.yaml", "helmCharts:\n- name: web\n  repo: https://charts.example.com\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Equal("app/kustomization.yaml:2: helmCharts: Helm inflation inside kustomize is not supported; render the chart with render.type: helm", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_BuiltinTransformerConfig_IsAllowed()
    {
        using var repo = new TempFolder();
        WriteBase(repo);
        repo.Write("app/kustomization.yaml", "resources: [../base]\ntransformers:\n- labels.yaml\n");
        repo.Write("app/labels.yaml", "apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: team}\nlabels: {team: shop}\nfieldSpecs: [{path: metadata/labels, create: true}]\n");

        var result = await RenderAsync(repo.Path, App("app"));

        Assert.All(result.Objects, o => Assert.Equal("shop", o["metadata"]!["labels"]!["team"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RenderAsync_BaseOutsideCheckout_IsRejected()
    {
        using var repo = new TempFolder();
        repo.Write("app/kustomization.yaml", "resources:\n- ../../../../../../../../etc\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Contains("points outside the repository checkout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_SymlinkInBaseLeavingCheckout_IsRejected()
    {
        using var repo = new TempFolder();
        WriteBase(repo);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "base", "passwd"), "/etc/passwd");
        repo.Write("app/kustomization.yaml", "resources: [../base]\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Contains("'passwd' is a symlink to a location outside the app folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KustomizeError_ReportsKustomizeMessage()
    {
        using var repo = new TempFolder();
        repo.Write("app/kustomization.yaml", "resources:\n- missing.yaml\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.StartsWith("kustomize failed for 'app': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing.yaml", ex.Message, StringComparison.Ordinal);
    }
}
