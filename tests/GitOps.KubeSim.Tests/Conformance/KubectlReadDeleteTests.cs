using System.Text.Json.Nodes;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Conformance;

/// <summary>kubectl get with selectors and paging, delete, namespace cascade.</summary>
public sealed class KubectlReadDeleteTests
{
    [Theory]
    [InlineData("app=web", "settings")]
    [InlineData("app==web", "settings")]
    [InlineData("app!=web", "other")]
    [InlineData("app in (db,cache)", "other")]
    [InlineData("app notin (db)", "settings")]
    [InlineData("tier", "settings")]
    [InlineData("!tier", "other")]
    [InlineData("app=web,tier=frontend", "settings")]
    public async Task GetJson_LabelSelector_ReturnsMatchingObjects(string selector, string expected)
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();

        var result = (await sim.KubectlAsync("get", "configmaps", "-n", "demo", "-l", selector, "-o", "json")).EnsureSuccess();

        var items = JsonNode.Parse(result.StandardOutput)!["items"]!.AsArray();
        Assert.Equal([expected], items.Select(i => (string)i!["metadata"]!["name"]!).ToArray());
    }

    [Fact]
    public async Task GetJson_AllNamespacesWithFieldSelectorAndSmallChunks_PagesThroughEverything()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();

        var all = (await sim.KubectlAsync("get", "configmaps", "-A", "--chunk-size=1", "-o", "json")).EnsureSuccess();
        var byName = (await sim.KubectlAsync("get", "configmaps", "-A", "--field-selector=metadata.name=other", "-o", "json")).EnsureSuccess();

        Assert.Equal(["other", "settings"], JsonNode.Parse(all.StandardOutput)!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).ToArray());
        Assert.Equal(["other"], JsonNode.Parse(byName.StandardOutput)!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).ToArray());
        Assert.True(sim.Server.Requests.Count("list", "configmaps") >= 3, "chunk size 1 must page with continue tokens");
    }

    [Fact]
    public async Task Delete_Object_IsGoneAndGetReportsNotFound()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();

        var delete = (await sim.KubectlAsync("delete", "deployment", "web", "-n", "demo")).EnsureSuccess();
        var get = await sim.KubectlAsync("get", "deployment", "web", "-n", "demo");

        Assert.Contains("deployment.apps \"web\" deleted", delete.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"web\" not found", get.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteNamespace_CascadesToItsObjects()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();

        (await sim.KubectlAsync("delete", "namespace", "demo")).EnsureSuccess();

        var left = (await sim.KubectlAsync("get", "configmaps,deployments,services", "-A", "-o", "json")).EnsureSuccess();
        Assert.Empty(JsonNode.Parse(left.StandardOutput)!["items"]!.AsArray());
    }

    [Fact]
    public async Task CustomResourceDefinition_RegistersKindThenDeletionRemovesIt()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("crd.yaml", Manifests.Crd))).EnsureSuccess();
        (await sim.KubectlAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=60s")).EnsureSuccess();

        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("widget.yaml", Manifests.Widget))).EnsureSuccess();
        var widget = JsonNode.Parse((await sim.KubectlAsync("get", "wd", "gizmo", "-o", "json")).EnsureSuccess().StandardOutput)!;
        var resources = (await sim.KubectlAsync("api-resources", "--api-group=example.com", "-o", "name")).EnsureSuccess();
        (await sim.KubectlAsync("delete", "crd", "widgets.example.com")).EnsureSuccess();
        var after = await sim.KubectlAsync("get", "widgets.example.com");

        Assert.Equal(3, (int)widget["spec"]!["size"]!);
        Assert.Equal(1, (int)widget["metadata"]!["generation"]!);
        Assert.Contains("widgets.example.com", resources.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("the server doesn't have a resource type", after.StandardError, StringComparison.Ordinal);
    }
}
