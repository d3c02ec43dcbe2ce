using System.Text.Json.Nodes;
using GitOps.Engine.Sync;

namespace GitOps.Engine.Tests.Sync;

public sealed class SyncPlannerTests
{
    [Fact]
    public void Plan_MixedKinds_OrdersDefinitionsClassesResourcesThenCustomResources()
    {
        var desired = new List<JsonObject>
        {
            TestObjects.Make("example.com/v1", "Widget", "w", "app"),
            TestObjects.Make("apps/v1", "Deployment", "d", "app"),
            TestObjects.Make("v1", "Service", "s", "app"),
            TestObjects.Make("networking.k8s.io/v1", "IngressClass", "ic"),
            TestObjects.Make("rbac.authorization.k8s.io/v1", "ClusterRole", "cr"),
            TestObjects.Make("v1", "Namespace", "app"),
            TestObjects.Make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
            TestObjects.Make("v1", "ConfigMap", "c", "app"),
        };

        var plan = SyncPlanner.Plan(desired, new Dictionary<string, string>(), incremental: false);

        Assert.Equal(["CustomResourceDefinition", "Namespace", "ClusterRole", "IngressClass", "ConfigMap", "Service", "Deployment", "Widget"],
            plan.Objects.Select(o => o.Ref.Kind));
        Assert.Equal([SyncStage.Definitions, SyncStage.Classes, SyncStage.Resources, SyncStage.CustomResources],
            plan.Batches().Select(b => b[0].Stage));
    }

    [Fact]
    public void Plan_SyncWaves_RunBeforeStages()
    {
        var desired = new List<JsonObject>
        {
            TestObjects.Make("v1", "Namespace", "late", annotations: new() { ["gitops-functions.io/sync-wave"] = "2" }),
            TestObjects.Make("apps/v1", "Deployment", "early", "app", annotations: new() { ["argocd.argoproj.io/sync-wave"] = "-1" }),
            TestObjects.Make("v1", "ConfigMap", "mid", "app"),
        };

        var plan = SyncPlanner.Plan(desired, new Dictionary<string, string>(), incremental: false);

        Assert.Equal(["early", "mid", "late"], plan.Objects.Select(o => o.Ref.Name));
        Assert.Equal(3, plan.Batches().Count());
    }

    [Fact]
    public void Plan_Incremental_AppliesOnlyChangedAndMissing()
    {
        var a = TestObjects.ConfigMap("a");
        var b = TestObjects.ConfigMap("b");
        var c = TestObjects.ConfigMap("c");
        var previous = new Dictionary<string, string>
        {
            ["/ConfigMap/app/a"] = DesiredStateHash.Of(a),
            ["/ConfigMap/app/b"] = "0000000000000000",
        };

        var plan = SyncPlanner.Plan([a, b, c], previous, incremental: true);

        Assert.Equal(["b", "c"], plan.Objects.Where(o => o.Apply).Select(o => o.Ref.Name));
        Assert.Equal(["c"], plan.Objects.Where(o => o.IsNew).Select(o => o.Ref.Name));
    }

    [Fact]
    public void Plan_Full_AppliesEverything()
    {
        var a = TestObjects.ConfigMap("a");
        var plan = SyncPlanner.Plan([a], new Dictionary<string, string> { ["/ConfigMap/app/a"] = DesiredStateHash.Of(a) }, incremental: false);

        Assert.True(plan.Objects.Single().Apply);
    }

    [Fact]
    public void Plan_OnlyKeys_AppliesThoseAndMissing()
    {
        var a = TestObjects.ConfigMap("a");
        var b = TestObjects.ConfigMap("b");
        var previous = new Dictionary<string, string> { ["/ConfigMap/app/a"] = DesiredStateHash.Of(a), ["/ConfigMap/app/b"] = DesiredStateHash.Of(b) };

        var plan = SyncPlanner.Plan([a, b], previous, incremental: true, only: new HashSet<string> { "/ConfigMap/app/b" });

        Assert.Equal(["b"], plan.Objects.Where(o => o.Apply).Select(o => o.Ref.Name));
    }

    [Fact]
    public void DesiredStateHash_Of_IsSha256OfCompactJsonWithSortedKeys()
    {
        // Parents in clusters hold these values: the format must never change.
        var obj = JsonNode.Parse("""{"b":{"d":[1,{"z":null,"y":"é"}],"c":"x"},"a":1}""")!.AsObject();
        var canonical = "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,{\"y\":\"\\u00E9\",\"z\":null}]}}";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 8));

        Assert.Equal(expected, DesiredStateHash.Of(obj));
    }

    [Fact]
    public void Plan_ManyObjects_HashesEachAsOnItsOwn()
    {
        var objects = Enumerable.Range(0, 300).Select(i => TestObjects.ConfigMap($"cm-{i}", "app", $"v{i}")).ToList();

        var plan = SyncPlanner.Plan(objects, new Dictionary<string, string>(), incremental: true);

        Assert.All(plan.Objects, o => Assert.Equal(DesiredStateHash.Of(o.Desired), o.Hash));
        Assert.Equal(300, plan.Objects.Select(o => o.Hash).Distinct().Count());
    }

    [Fact]
    public void DesiredStateHash_KeyOrderIgnored_ValueChangeDetected()
    {
        var x = JsonNode.Parse("""{"a":1,"b":{"c":"x","d":[1,2]}}""")!.AsObject();
        var y = JsonNode.Parse("""{"b":{"d":[1,2],"c":"x"},"a":1}""")!.AsObject();
        var z = JsonNode.Parse("""{"b":{"d":[2,1],"c":"x"},"a":1}""")!.AsObject();

        Assert.Equal(DesiredStateHash.Of(x), DesiredStateHash.Of(y));
        Assert.NotEqual(DesiredStateHash.Of(x), DesiredStateHash.Of(z));
        Assert.Equal(16, DesiredStateHash.Of(x).Length);
    }
}
