using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Rendering;

public sealed class LocalValidatorTests
{
    [Fact]
    public async Task ValidateAsync_RepositoryWithValidApps_ReturnsZero()
    {
        using var repo = new TempFolder();
        repo.Write(".gitops/apps.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: web}\nspec: {path: apps/web, cluster: prod, namespace: web}\n");
        repo.Write("apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        using var output = new StringWriter();

        var code = await new LocalValidator(RenderTestContext.Options).ValidateAsync(repo.Path, output);

        Assert.Equal(0, code);
        Assert.Equal("ok: app 'web' (plain, apps/web): 1 objects\n1 app(s) valid\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ValidateAsync_InvalidManifest_ReturnsOneWithActionableLines()
    {
        using var repo = new TempFolder();
        repo.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n");
        using var output = new StringWriter();

        var code = await new LocalValidator(RenderTestContext.Options).ValidateAsync(repo.Path, output, defaultNamespace: "web");

        Assert.Equal(1, code);
        Assert.Contains("  cm.yaml (document 1, line 1): ConfigMap/Bad_Name: name 'Bad_Name' must be a DNS-1123 subdomain", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("1 of 1 app(s) invalid\n", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_ClusterInSettings_RejectsWhatTheSyncRejects()
    {
        using var repo = new TempFolder();
        repo.Write(".gitops/apps.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {name: shop}\nspec: {path: apps/shop, cluster: prod, namespace: shop}\n");
        repo.Write("apps/shop/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n");
        repo.Write("apps/shop/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        var host = new GitOpsOptions { Clusters = { ["prod"] = new ClusterOptions { AllowedNamespaces = ["shop"], AllowClusterScoped = false, AllowedSources = ["infra"] } } };
        using var output = new StringWriter();

        var code = await new LocalValidator(RenderTestContext.Options, host).ValidateAsync(repo.Path, output);

        Assert.Equal(1, code);
        Assert.Contains("'default'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Namespace/shop", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AllowedSources", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_InvalidAppDefinition_ReturnsOne()
    {
        using var repo = new TempFolder();
        repo.Write(".gitops/apps.yaml", "apiVersion: gitops-functions.io/v2\nkind: App\nmetadata: {name: web}\nspec: {path: ., cluster: prod}\n");
        using var output = new StringWriter();

        var code = await new LocalValidator(RenderTestContext.Options).ValidateAsync(repo.Path, output);

        Assert.Equal(1, code);
        Assert.Contains("error: .gitops/apps.yaml:1: apiVersion: 'gitops-functions.io/v2' is not supported (use gitops-functions.io/v1)", output.ToString(), StringComparison.Ordinal);
    }
}
