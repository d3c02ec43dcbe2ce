using System.Text.Json.Nodes;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Integration;

/// <summary>The discovery cache against the simulator.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task GetResource_ConcurrentCallers_ShareOneDiscoveryRequest()
    {
        await using var sim = await SimCluster.StartAsync();
        var deployment = new GroupVersionKind("apps", "v1", "Deployment");

        var resources = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => sim.Client.GetResourceAsync(deployment))));

        Assert.All(resources, r => Assert.Equal("deployments", r.Plural));
        Assert.True(resources[0].Namespaced);
        Assert.Contains("patch", resources[0].Verbs);
        Assert.Equal(1, sim.Server.Requests.Count("discovery"));
    }

    [Fact]
    public async Task GetResource_AfterTtl_FetchesAgain()
    {
        var clock = new ManualTimeProvider();
        await using var sim = await SimCluster.StartAsync(configure: o => o.DiscoveryTtl = TimeSpan.FromMinutes(10), timeProvider: clock);
        await sim.Client.GetResourceAsync(SimCluster.ConfigMapKind);
        await sim.Client.GetResourceAsync(SimCluster.ConfigMapKind);
        Assert.Equal(1, sim.Server.Requests.Count("discovery"));

        clock.Advance(TimeSpan.FromMinutes(11));
        await sim.Client.GetResourceAsync(SimCluster.ConfigMapKind);

        Assert.Equal(2, sim.Server.Requests.Count("discovery"));
    }

    [Fact]
    public async Task GetResource_ClusterScopedKind_IsNotNamespaced()
    {
        await using var sim = await SimCluster.StartAsync();

        var ns = await sim.Client.GetResourceAsync(new GroupVersionKind("", "v1", "Namespace"));

        Assert.Equal("namespaces", ns.Plural);
        Assert.False(ns.Namespaced);
    }

    [Fact]
    public async Task GetResource_UnknownKind_ThrowsUnknownKind()
    {
        await using var sim = await SimCluster.StartAsync();

        var error = await Assert.ThrowsAsync<UnknownKindException>(() => sim.Client.GetResourceAsync(new GroupVersionKind("example.com", "v1", "Widget")));

        Assert.Equal("Widget", error.Gvk.Kind);
        Assert.Contains("example.com/v1 Widget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_CustomResourceAfterCrdCreated_RefreshesDiscoveryOnMiss()
    {
        await using var sim = await SimCluster.StartAsync();
        var widget = new GroupVersionKind("example.com", "v1", "Widget");
        await Assert.ThrowsAsync<UnknownKindException>(() => sim.Client.GetResourceAsync(widget));

        await sim.Client.ApplyAsync(Crd(), new ApplyOptions("gitops-functions"));
        var applied = await sim.Client.ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "example.com/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = "w1", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["size"] = 3 },
        }, new ApplyOptions("gitops-functions"));

        Assert.Equal("w1", (string?)applied["metadata"]!["name"]);
        Assert.Equal("widgets", (await sim.Client.GetResourceAsync(widget)).Plural);
    }

    private static JsonObject Crd() => JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
           "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """)!.AsObject();

    [Fact]
    public async Task GetPreferredResource_CrdServedOnlyAtV1beta1_ResolvesThatVersion()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(WidgetCrd("v1beta1"), new ApplyOptions("gitops-functions"));

        var widget = await sim.Client.GetPreferredResourceAsync("example.com", "Widget");
        var gone = await sim.Client.GetPreferredResourceAsync("example.com", "Gadget");
        var hpa = await sim.Client.GetPreferredResourceAsync("autoscaling", "HorizontalPodAutoscaler");
        var configMap = await sim.Client.GetPreferredResourceAsync("", "ConfigMap");

        Assert.Equal(new GroupVersionKind("example.com", "v1beta1", "Widget"), widget!.Gvk);
        Assert.Equal("widgets", widget.Plural);
        Assert.Null(gone);
        Assert.NotNull(hpa);
        Assert.Equal("v1", configMap!.Gvk.Version);
    }

    private static JsonObject WidgetCrd(string version) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = "widgets.example.com" },
        ["spec"] = new JsonObject
        {
            ["group"] = "example.com",
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["plural"] = "widgets", ["singular"] = "widget", ["kind"] = "Widget" },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = version,
                ["served"] = true,
                ["storage"] = true,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
            }),
        },
    };
}
