using GitOps.Engine.Apps;
using GitOps.Engine.Rendering;
using GitOps.Testing.Git;
using static GitOps.Engine.Tests.Rendering.RenderTestContext;

namespace GitOps.Engine.Tests.Rendering;

public sealed class HelmRendererTests
{
    private static void WriteChart(TempFolder repo, string template)
    {
        repo.Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        repo.Write("chart/values.yaml", "replicas: 1\nimage: nginx\n");
        repo.Write("chart/values-prod.yaml", "replicas: 4\n");
        repo.Write("chart/templates/deployment.yaml", template);
    }

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
          labels: {tier: {{ .Values.tier | default "web" | quote }}}
        spec:
          replicas: {{ .Values.replicas }}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: {{ .Values.image | quote }}}]}
        """;

    [Fact]
    public async Task RenderAsync_ChartWithValuesFiles_RendersWithHelmTemplate()
    {
        using var repo = new TempFolder();
        WriteChart(repo, Deployment);
        var render = new RenderSpec { Helm = new HelmSpec { ReleaseName = "shop", ValuesFiles = ["values-prod.yaml"], Values = "{\"tier\":\"front\"}" } };

        var result = await RenderAsync(repo.Path, App("chart", ns: "prod", render: render));

        Assert.Equal("helm", result.Renderer);
        var deployment = Assert.Single(result.Objects);
        Assert.Equal("shop", deployment["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("prod", deployment["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal(4, deployment["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("front", deployment["metadata"]!["labels"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task RenderAsync_TemplateError_ReportsHelmMessageWithTemplate()
    {
        using var repo = new TempFolder();
        WriteChart(repo, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"name is required\" .Values.name }}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("chart")));

        Assert.StartsWith("helm template failed for chart 'chart': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("name is required", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(repo.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_LookupCall_FailsFastUnlessAllowed()
    {
        using var repo = new TempFolder();
        WriteChart(repo, Deployment);
        repo.Write("chart/templates/secret.yaml", "{{- $old := lookup \"v1\" \"Secret\" .Release.Namespace \"pw\" }}\napiVersion: v1\nkind: Secret\nmetadata: {name: pw}\nstringData: {password: {{ $old | default \"new\" | quote }}}\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("chart")));
        var allowed = await RenderAsync(repo.Path, App("chart", render: new RenderSpec { Helm = new HelmSpec { AllowLookup = true } }));

        Assert.StartsWith("chart/templates/secret.yaml:1: the chart calls 'lookup'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, allowed.Objects.Count);
    }

    [Fact]
    public async Task RenderAsync_ValuesFileOutsideChart_IsRejected()
    {
        using var repo = new TempFolder();
        WriteChart(repo, Deployment);
        var render = new RenderSpec { Helm = new HelmSpec { ValuesFiles = ["../secrets.yaml"] } };

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("chart", render: render)));

        Assert.Contains("values file '../secrets.yaml' must not contain '..'", ex.Message, StringComparison.Ordinal);
    }
}
