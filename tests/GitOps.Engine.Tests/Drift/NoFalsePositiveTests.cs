using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;
using static GitOps.Engine.Tests.Drift.SampleObjects;

namespace GitOps.Engine.Tests.Drift;

/// <summary>The differences Argo CD's and Flux's users report as false drift: none of them is drift here.</summary>
public sealed class NoFalsePositiveTests
{
    private static readonly ObjectComparer Comparer = new();

    private static void AssertNoDrift(JsonObject desired, JsonObject live)
    {
        var drifts = Comparer.Compare(desired, live);
        Assert.True(drifts.Count == 0, ArgoDiffAnchorTests.Describe(drifts));
    }

    private static JsonObject Quota(string cpu)
    {
        var quota = Parse("""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},"spec":{"hard":{}}}""");
        quota["spec"]!["hard"]!["cpu"] = cpu;
        return quota;
    }

    private static JsonObject Pod(string spec)
    {
        var pod = Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}""");
        pod["spec"] = JsonNode.Parse(spec);
        return pod;
    }

    [Fact]
    public void Compare_DeploymentWithServerDefaultsReorderedListsAndCanonicalQuantities_FindsNoDrift()
    {
        // Live has defaults (imagePullPolicy, probes, strategy), containers/ports/env in another
        // order, canonical quantities (500m, 1, 2Gi, 1024Mi), an int port, controller annotations
        // and labels, status, and managedFields listing exactly what we applied.
        AssertNoDrift(DesiredDeployment(), LiveDeployment());
    }

    [Fact]
    public void Compare_ServiceWithIntOrStringTargetPortAndDefaultProtocol_FindsNoDrift()
    {
        AssertNoDrift(DesiredService(), LiveService());
    }

    [Theory]
    [InlineData("1000m", "1")]
    [InlineData("0.5", "500m")]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("1e3", "1k")]
    [InlineData("129e6", "129M")]
    [InlineData("128974848", "128974848000m")]
    [InlineData("2", "2000m")]
    public void Compare_QuantitySpellings_FindNoDrift(string desiredQuantity, string liveQuantity)
    {
        var desired = Quota(desiredQuantity);
        var live = Quota(liveQuantity);

        AssertNoDrift(desired, live);
    }

    [Fact]
    public void Compare_NumericQuantityAgainstCanonicalString_FindsNoDrift()
    {
        var desired = Parse("""{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"l"},"spec":{"limits":[{"type":"Container","max":{"cpu":2}}]}}""");
        var live = Parse("""{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"l"},"spec":{"limits":[{"type":"Container","max":{"cpu":"2"}}]}}""");

        AssertNoDrift(desired, live);
    }

    [Theory]
    [InlineData("""{"resources":{}}""", """{}""")]
    [InlineData("""{"securityContext":{},"volumes":[]}""", """{"securityContext":{}}""")]
    [InlineData("""{"nodeSelector":null,"tolerations":null}""", """{}""")]
    [InlineData("""{"hostNetwork":false,"serviceAccountName":""}""", """{}""")]
    [InlineData("""{"affinity":{"nodeAffinity":null}}""", """{}""")]
    [InlineData("""{"imagePullSecrets":[]}""", """{"imagePullSecrets":null}""")]
    public void Compare_EmptyNullAndZeroValuesAgainstAbsent_FindNoDrift(string desiredSpec, string liveSpec)
    {
        var desired = Pod(desiredSpec);
        var live = Pod(liveSpec);

        AssertNoDrift(desired, live);
    }

    [Fact]
    public void Compare_ControllerAddedAnnotationsLabelsAndStatus_FindNoDrift()
    {
        var desired = Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}},"data":{"k":"v"}}""");
        var live = Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1","applyset.kubernetes.io/part-of":"x"},
             "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}","controller.example/seen":"yes"},
             "resourceVersion":"7","uid":"u","generation":1,"creationTimestamp":"2026-01-01T00:00:00Z"},
             "data":{"k":"v"},"status":{"whatever":true}}
            """);

        AssertNoDrift(desired, live);
    }

    [Fact]
    public void Compare_StatusAndManagedMetadataInDesired_AreNotCompared()
    {
        var desired = Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","creationTimestamp":null,"resourceVersion":"1"},"status":{"x":1}}""");
        var live = Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","creationTimestamp":"2026-01-01T00:00:00Z","resourceVersion":"2"},"status":{"x":2}}""");

        AssertNoDrift(desired, live);
    }

    [Fact]
    public void Compare_SecretStringDataAgainstEncodedData_FindsNoDrift()
    {
        var desired = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"},"data":{"token":"YWJj"}}""");
        var live = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"password":"aHVudGVyMg==","token":"YWJj"},"type":"Opaque"}""");

        AssertNoDrift(desired, live);
    }

    [Fact]
    public void Compare_FieldsOwnedByOtherManagersOnly_AreNotDrift()
    {
        // The HPA owns spec.replicas in live, and we never set it: nothing to compare.
        var desired = DesiredDeployment();
        desired["spec"]!.AsObject().Remove("replicas");
        var live = LiveDeployment();
        live["spec"]!["replicas"] = 7;
        var ours = (JsonObject)live["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!;
        ours.Remove("f:replicas");

        AssertNoDrift(desired, live);
    }
}
