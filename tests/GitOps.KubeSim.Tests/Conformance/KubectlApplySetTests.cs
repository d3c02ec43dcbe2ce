using System.Text.Json.Nodes;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Conformance;

/// <summary>kubectl's ApplySet pruning (KUBECTL_APPLYSET=true) works against the simulator.</summary>
public sealed class KubectlApplySetTests
{
    private static readonly Dictionary<string, string> ApplySetOn = new() { ["KUBECTL_APPLYSET"] = "true" };

    [Fact]
    public async Task ApplyPruneApplySet_MemberLeavesManifest_IsPrunedAndParentRecordsKinds()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"))).EnsureSuccess();
        const string Both = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: keep, namespace: shop}
            data: {x: "1"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: gone, namespace: shop}
            spec:
              selector: {matchLabels: {app: gone}}
              template:
                metadata: {labels: {app: gone}}
                spec: {containers: [{name: c, image: busybox:1.36}]}
            """;
        var first = sim.WriteFile("v1.yaml", Both);
        var second = sim.WriteFile("v2.yaml", Both.Split("---")[0]);

        (await sim.KubectlAsync(["apply", "--server-side", "--prune", "--applyset=secret/shop-set", "-n", "shop", "-f", first], environment: ApplySetOn)).EnsureSuccess();
        var parentBefore = JsonNode.Parse((await sim.KubectlAsync("get", "secret", "shop-set", "-n", "shop", "-o", "json")).EnsureSuccess().StandardOutput)!;
        var prune = (await sim.KubectlAsync(["apply", "--server-side", "--prune", "--applyset=secret/shop-set", "-n", "shop", "-f", second], environment: ApplySetOn)).EnsureSuccess();

        Assert.Equal("ConfigMap,Deployment.apps", (string?)parentBefore["metadata"]!["annotations"]!["applyset.kubernetes.io/contains-group-kinds"]);
        Assert.Contains("deployment.apps/gone pruned", prune.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, (await sim.KubectlAsync("get", "deployment", "gone", "-n", "shop")).ExitCode);
        var kept = JsonNode.Parse((await sim.KubectlAsync("get", "configmap", "keep", "-n", "shop", "-o", "json")).EnsureSuccess().StandardOutput)!;
        Assert.StartsWith("applyset-", (string?)kept["metadata"]!["labels"]!["applyset.kubernetes.io/part-of"], StringComparison.Ordinal);
    }
}
