using System.Text.Json.Nodes;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Conformance;

/// <summary>Real kubectl applies server-side against the simulator and sees what a cluster would store.</summary>
public sealed class KubectlApplyTests
{
    [Fact]
    public async Task ApiResources_ListsBuiltInKinds()
    {
        await using var sim = await KubeSimInstance.StartAsync();

        var result = (await sim.KubectlAsync("api-resources", "-o", "name")).EnsureSuccess();

        var names = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var expected in new[] { "namespaces", "configmaps", "secrets", "services", "serviceaccounts", "pods", "persistentvolumeclaims", "deployments.apps", "statefulsets.apps", "daemonsets.apps", "replicasets.apps", "jobs.batch", "cronjobs.batch", "ingresses.networking.k8s.io", "networkpolicies.networking.k8s.io", "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io", "customresourcedefinitions.apiextensions.k8s.io", "leases.coordination.k8s.io", "poddisruptionbudgets.policy", "horizontalpodautoscalers.autoscaling" })
        {
            Assert.Contains(expected, names);
        }
    }

    [Fact]
    public async Task ApplyServerSide_MultiDocumentApp_StoresObjectsWithOwnershipAndDefaults()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        var file = sim.WriteFile("app.yaml", Manifests.App);

        // Validation stays on: the simulator serves /openapi/v3 with fieldValidation on every PATCH, so kubectl delegates validation to it.
        var apply = (await sim.KubectlAsync("apply", "--server-side", "-f", file)).EnsureSuccess();

        Assert.Contains("deployment.apps/web serverside-applied", apply.StandardOutput, StringComparison.Ordinal);
        var deployment = JsonNode.Parse((await sim.KubectlAsync("get", "deployment", "web", "-n", "demo", "-o", "json", "--show-managed-fields")).EnsureSuccess().StandardOutput)!;
        Assert.Equal(1, (int)deployment["metadata"]!["generation"]!);
        Assert.Equal("500m", (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]);
        Assert.Equal("1Gi", (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["memory"]);
        Assert.Equal("RollingUpdate", (string?)deployment["spec"]!["strategy"]!["type"]);
        var apply1 = deployment["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["operation"] == "Apply");
        Assert.Equal("kubectl", (string?)apply1!["manager"]);
        Assert.Equal("apps/v1", (string?)apply1["apiVersion"]);
        var container = apply1["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"nginx\"}"]!;
        Assert.NotNull(container["."]);
        Assert.NotNull(container["f:ports"]!["k:{\"containerPort\":80,\"protocol\":\"TCP\"}"]!["f:containerPort"]);
        Assert.Null(apply1["fieldsV1"]!["f:spec"]!["f:strategy"]);
        Assert.Equal("True", (string?)deployment["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Available")!["status"]);
    }

    [Fact]
    public async Task ApplyServerSide_Unchanged_KeepsResourceVersionAndGeneration()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        var file = sim.WriteFile("app.yaml", Manifests.App);
        (await sim.KubectlAsync("apply", "--server-side", "-f", file)).EnsureSuccess();
        var before = JsonNode.Parse((await sim.KubectlAsync("get", "deployment", "web", "-n", "demo", "-o", "json")).EnsureSuccess().StandardOutput)!;

        (await sim.KubectlAsync("apply", "--server-side", "-f", file)).EnsureSuccess();

        var after = JsonNode.Parse((await sim.KubectlAsync("get", "deployment", "web", "-n", "demo", "-o", "json")).EnsureSuccess().StandardOutput)!;
        Assert.Equal((string?)before["metadata"]!["resourceVersion"], (string?)after["metadata"]!["resourceVersion"]);
        Assert.Equal(1, (int)after["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task ApplyServerSide_SpecChange_BumpsGenerationAndResourceVersion()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();
        var before = JsonNode.Parse((await sim.KubectlAsync("get", "deployment", "web", "-n", "demo", "-o", "json")).EnsureSuccess().StandardOutput)!;

        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app2.yaml", Manifests.App.Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal)))).EnsureSuccess();

        var after = JsonNode.Parse((await sim.KubectlAsync("get", "deployment", "web", "-n", "demo", "-o", "json")).EnsureSuccess().StandardOutput)!;
        Assert.Equal(2, (int)after["metadata"]!["generation"]!);
        Assert.True(long.Parse((string)after["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse((string)before["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, (int)after["status"]!["observedGeneration"]!);
        Assert.Equal(3, (int)after["status"]!["readyReplicas"]!);
    }

    [Fact]
    public async Task ApplyServerSide_SecondManagerConflict_FailsWithoutForceAndSucceedsWithIt()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();
        var rival = sim.WriteFile("rival.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: demo
            data:
              mode: red
            """);

        var refused = await sim.KubectlAsync("apply", "--server-side", "--field-manager=rival", "-f", rival);
        var forced = await sim.KubectlAsync("apply", "--server-side", "--field-manager=rival", "--force-conflicts", "-f", rival);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .data.mode", refused.StandardError, StringComparison.Ordinal);
        forced.EnsureSuccess();
        var cm = JsonNode.Parse((await sim.KubectlAsync("get", "configmap", "settings", "-n", "demo", "-o", "json", "--show-managed-fields")).EnsureSuccess().StandardOutput)!;
        Assert.Equal("red", (string?)cm["data"]!["mode"]);
        var entries = cm["metadata"]!["managedFields"]!.AsArray();
        Assert.Null(entries.Single(e => (string?)e!["manager"] == "kubectl")!["fieldsV1"]!["f:data"]);
        Assert.NotNull(entries.Single(e => (string?)e!["manager"] == "rival")!["fieldsV1"]!["f:data"]!["f:mode"]);
    }

    [Fact]
    public async Task DiffServerSide_ChangedManifest_ShowsTheChange()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("app.yaml", Manifests.App))).EnsureSuccess();
        var changed = sim.WriteFile("changed.yaml", Manifests.App.Replace("mode: blue", "mode: purple", StringComparison.Ordinal));

        var diff = await sim.KubectlAsync("diff", "--server-side", "-f", changed);
        var same = await sim.KubectlAsync("diff", "--server-side", "-f", sim.WriteFile("same.yaml", Manifests.App));

        Assert.Equal(1, diff.ExitCode);
        Assert.Contains("-  mode: blue", diff.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("+  mode: purple", diff.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("status:", diff.StandardOutput.Split("v1.ConfigMap")[0], StringComparison.Ordinal);
        Assert.Equal(0, same.ExitCode);
        var live = JsonNode.Parse((await sim.KubectlAsync("get", "configmap", "settings", "-n", "demo", "-o", "json")).EnsureSuccess().StandardOutput)!;
        Assert.Equal("blue", (string?)live["data"]!["mode"]);
    }
}
