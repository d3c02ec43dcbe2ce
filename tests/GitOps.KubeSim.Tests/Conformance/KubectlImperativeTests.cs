using System.Text.Json.Nodes;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Conformance;

/// <summary>Imperative kubectl verbs record their own Update managers, as drift detection expects.</summary>
public sealed class KubectlImperativeTests
{
    [Fact]
    public async Task ScalePatchLabel_RecordUpdateManagersAndTakeOwnership()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();

        (await sim.KubectlAsync("scale", "deployment", "web", "-n", "demo", "--replicas=4")).EnsureSuccess();
        (await sim.KubectlAsync("patch", "configmap", "settings", "-n", "demo", "-p", """{"data":{"mode":"patched"}}""")).EnsureSuccess();
        (await sim.KubectlAsync("label", "configmap", "settings", "-n", "demo", "extra=1")).EnsureSuccess();
        var rollout = (await sim.KubectlAsync("rollout", "status", "deployment/web", "-n", "demo", "--timeout=60s")).EnsureSuccess();

        var deployment = JsonNode.Parse((await sim.KubectlAsync("get", "deployment", "web", "-n", "demo", "-o", "json", "--show-managed-fields")).EnsureSuccess().StandardOutput)!;
        var cm = JsonNode.Parse((await sim.KubectlAsync("get", "configmap", "settings", "-n", "demo", "-o", "json", "--show-managed-fields")).EnsureSuccess().StandardOutput)!;
        Assert.Equal(4, (int)deployment["spec"]!["replicas"]!);
        var scale = deployment["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["subresource"] == "scale");
        Assert.Equal("Update", (string?)scale!["operation"]);
        Assert.NotNull(scale["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.Null(deployment["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["operation"] == "Apply")!["fieldsV1"]!["f:spec"]!["f:replicas"]);
        var managers = cm["metadata"]!["managedFields"]!.AsArray().Select(e => $"{e!["manager"]}/{e["operation"]}").ToArray();
        Assert.Equal("kubectl/Apply", managers[0]);
        Assert.Equal(["kubectl-label/Update", "kubectl-patch/Update", "kubectl/Apply"], managers.Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("successfully rolled out", rollout.StandardOutput, StringComparison.Ordinal);
    }
}
