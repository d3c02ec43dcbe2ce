using GitOps.Engine.Apps;
using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;
using static GitOps.Engine.Tests.Drift.SampleObjects;

namespace GitOps.Engine.Tests.Drift;

/// <summary>Real out-of-band changes are found, with the path, both values and the manager that made them.</summary>
public sealed class DriftDetectionTests
{
    private static readonly ObjectComparer Comparer = new();

    private static JsonObject WebContainer(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["name"] == "web");

    private static JsonArray ManagedFields(JsonObject live) => live["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public void Compare_ImageChangedByKubectlSetImage_ReportsImageWithManager()
    {
        var live = LiveDeployment();
        WebContainer(live)["image"] = "nginx:1.28";
        ManagedFields(live).Add(JsonNode.Parse("""
            {"manager":"kubectl-set","operation":"Update","fieldsType":"FieldsV1",
             "fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{"f:image":{}}}}}}}}
            """));

        var drift = Assert.Single(Comparer.Compare(DesiredDeployment(), live));

        Assert.Equal("spec.template.spec.containers[name=web].image", drift.Path);
        Assert.Equal("nginx:1.27", (string?)drift.Desired);
        Assert.Equal("nginx:1.28", (string?)drift.Live);
        Assert.Equal("kubectl-set", drift.Manager);
    }

    [Fact]
    public void Compare_ReplicasScaledByKubectl_ReportsReplicasOwnedByKubectlScale()
    {
        var live = LiveDeployment();
        live["spec"]!["replicas"] = 5;
        ManagedFields(live).Add(JsonNode.Parse("""
            {"manager":"kubectl","operation":"Update","subresource":"scale","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}
            """));

        var drift = Assert.Single(Comparer.Compare(DesiredDeployment(), live));

        Assert.Equal("spec.replicas", drift.Path);
        Assert.Equal(3, (int)drift.Desired!);
        Assert.Equal(5, (int)drift.Live!);
        Assert.Equal("kubectl", drift.Manager);
    }

    [Fact]
    public void Compare_ReplicasOwnedByIgnoredManager_IsNotReported()
    {
        var live = LiveDeployment();
        live["spec"]!["replicas"] = 5;
        ManagedFields(live).Add(JsonNode.Parse("""{"manager":"hpa-controller","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}"""));
        var comparer = new ObjectComparer(new ComparisonOptions { IgnoredManagers = ["hpa-controller"] });

        Assert.Empty(comparer.Compare(DesiredDeployment(), live));
    }

    [Fact]
    public void Compare_EnvVarWeSetRemovedByKubectlEdit_ReportsMissingItem()
    {
        var live = LiveDeployment();
        var env = WebContainer(live)["env"]!.AsArray();
        env.RemoveAt(0); // PORT

        var drift = Assert.Single(Comparer.Compare(DesiredDeployment(), live));

        Assert.Equal("spec.template.spec.containers[name=web].env[name=PORT]", drift.Path);
        Assert.Null(drift.Live);
    }

    [Fact]
    public void Compare_QuantityReallyChanged_ReportsIt()
    {
        var live = LiveDeployment();
        WebContainer(live)["resources"]!["limits"]!["memory"] = "3Gi";

        var drift = Assert.Single(Comparer.Compare(DesiredDeployment(), live));

        Assert.Equal("spec.template.spec.containers[name=web].resources.limits.memory", drift.Path);
    }

    [Fact]
    public void Compare_LabelWeSetChanged_ReportsLabel()
    {
        var live = LiveDeployment();
        live["metadata"]!["labels"]!["app"] = "other";

        Assert.Equal("metadata.labels.app", Assert.Single(Comparer.Compare(DesiredDeployment(), live)).Path);
    }

    [Fact]
    public void Compare_ContainerArgsReordered_IsDriftBecauseArgsAreAtomic()
    {
        var live = LiveDeployment();
        var sidecar = live["spec"]!["template"]!["spec"]!["containers"]![0]!;
        sidecar["args"] = new JsonArray("3600", "sleep");

        Assert.NotEmpty(Comparer.Compare(DesiredDeployment(), live));
    }

    [Fact]
    public void Compare_FieldWeAppliedButNoLongerDesire_IsReportedAsRemoved()
    {
        var desired = DesiredDeployment();
        ((JsonObject)desired["metadata"]!["annotations"]!).Remove("team");

        var drift = Assert.Single(Comparer.Compare(desired, LiveDeployment()));

        Assert.Equal("metadata.annotations.team", drift.Path);
        Assert.Null(drift.Desired);
        Assert.Equal("checkout", (string?)drift.Live);
    }

    [Fact]
    public void Compare_SecretValueChanged_MasksBothSides()
    {
        var desired = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"},"data":{"token":"YWJj"}}""");
        var live = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"password":"c2VjcmV0","token":"eHl6"}}""");

        var drifts = Comparer.Compare(desired, live);

        Assert.Equal(["data.token", "stringData.password"], drifts.Select(d => d.Path).Order());
        Assert.All(drifts, d =>
        {
            Assert.Equal("***", (string?)d.Desired);
            Assert.Equal("***", (string?)d.Live);
        });
        var text = ArgoDiffAnchorTests.Describe(drifts);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eHl6", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DeletedLiveAndIgnoredPointer_IgnoresOnlyThatField()
    {
        var live = LiveDeployment();
        live["spec"]!["replicas"] = 9;
        WebContainer(live)["image"] = "nginx:evil";
        var comparer = new ObjectComparer(new ComparisonOptions
        {
            IgnoreRules = [new IgnoreRule { Group = "apps", Kind = "Deployment", Name = "web", JsonPointers = ["/spec/replicas"] }],
        });

        var drift = Assert.Single(comparer.Compare(DesiredDeployment(), live));

        Assert.Equal("spec.template.spec.containers[name=web].image", drift.Path);
    }

    [Theory]
    [InlineData("/spec/template/spec/containers/0/image")]
    [InlineData("/spec/template/spec/containers/web/image")]
    [InlineData("/spec/template/spec/containers/*")]
    public void Compare_IgnorePointerIntoKeyedList_MatchesByIndexKeyOrWildcard(string pointer)
    {
        var live = LiveDeployment();
        WebContainer(live)["image"] = "nginx:other";
        var comparer = new ObjectComparer(new ComparisonOptions { IgnoreRules = [new IgnoreRule { JsonPointers = [pointer] }] });

        Assert.Empty(comparer.Compare(DesiredDeployment(), live));
    }

    [Fact]
    public void Compare_IgnoreRuleForAnotherObject_DoesNotApply()
    {
        var live = LiveDeployment();
        live["spec"]!["replicas"] = 9;
        var comparer = new ObjectComparer(new ComparisonOptions
        {
            IgnoreRules = [new IgnoreRule { Kind = "Deployment", Name = "api", JsonPointers = ["/spec/replicas"] }],
        });

        Assert.Single(comparer.Compare(DesiredDeployment(), live));
    }

    [Fact]
    public void Compare_ServicePortRemovedLive_ReportsPortByKey()
    {
        var live = LiveService();
        live["spec"]!["ports"]!.AsArray().RemoveAt(0);

        var drift = Assert.Single(Comparer.Compare(DesiredService(), live));

        Assert.Equal("spec.ports[port=53,protocol=UDP]", drift.Path);
    }
}
