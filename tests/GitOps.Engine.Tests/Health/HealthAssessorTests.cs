using System.Text.Json.Nodes;
using GitOps.Engine.Health;
using GitOps.Kubernetes;

namespace GitOps.Engine.Tests.Health;

public sealed class HealthAssessorTests
{
    private static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Assess_PendingDeletionOfKindWithoutHealth_IsProgressing()
    {
        var configMap = Object("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","deletionTimestamp":"2026-01-01T00:00:00Z"}}""");

        Assert.Equal(HealthStatus.Progressing, HealthAssessor.Default.Assess(configMap)?.Status);
    }

    [Fact]
    public void Assess_ConfigMap_HasNoHealth()
    {
        Assert.Null(HealthAssessor.Default.Assess(Object("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""")));
    }

    [Theory]
    [InlineData("""[{"type":"Ready","status":"True"}]""", 1, 1, HealthStatus.Healthy)]
    [InlineData("""[{"type":"Ready","status":"False","message":"installing"}]""", 1, 1, HealthStatus.Progressing)]
    [InlineData("""[{"type":"Ready","status":"True"}]""", 2, 1, HealthStatus.Progressing)]
    [InlineData("""[{"type":"Reconciling","status":"True"},{"type":"Ready","status":"True"}]""", 1, 1, HealthStatus.Progressing)]
    [InlineData("""[{"type":"Stalled","status":"True","message":"bad chart"},{"type":"Ready","status":"False"}]""", 1, 1, HealthStatus.Degraded)]
    public void Assess_CustomResource_UsesGenericConditionsRule(string conditions, int generation, int observed, HealthStatus expected)
    {
        var live = Object("""{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"r"}}""");
        live["metadata"]!["generation"] = generation;
        live["status"] = new JsonObject { ["observedGeneration"] = observed, ["conditions"] = JsonNode.Parse(conditions) };

        Assert.Equal(expected, HealthAssessor.Default.Assess(live)?.Status);
    }

    [Fact]
    public void Assess_CustomRuleRegistered_OverridesGeneric()
    {
        var rule = new FixedRule(new HealthResult(HealthStatus.Suspended, "paused by test"));
        var assessor = new HealthAssessor(new Dictionary<GroupKind, IHealthCheck> { [new("example.com", "Widget")] = rule });

        var result = assessor.Assess(Object("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}"""));

        Assert.Equal(HealthStatus.Suspended, result?.Status);
    }

    [Fact]
    public void Aggregate_MixedMembers_WorstWinsAndNamesMember()
    {
        var members = new[]
        {
            new MemberHealth(new ObjectRef("", "ConfigMap", "ns", "c"), null),
            new MemberHealth(new ObjectRef("apps", "Deployment", "ns", "web"), HealthResult.ProgressingBecause("rolling out")),
            new MemberHealth(new ObjectRef("batch", "Job", "ns", "migrate"), HealthResult.DegradedBecause("BackoffLimitExceeded")),
            new MemberHealth(new ObjectRef("", "Service", "ns", "web"), HealthResult.Healthy),
        };

        var app = AppHealth.Aggregate(members);

        Assert.Equal(HealthStatus.Degraded, app.Status);
        Assert.Equal("Job/ns/migrate: BackoffLimitExceeded", app.Message);
    }

    [Fact]
    public void Aggregate_OnlyNoHealthMembers_IsHealthy()
    {
        Assert.Equal(HealthStatus.Healthy, AppHealth.Aggregate([new MemberHealth(new ObjectRef("", "Secret", "ns", "s"), null)]).Status);
    }

    [Theory]
    [InlineData(HealthStatus.Missing, HealthStatus.Progressing, true)]
    [InlineData(HealthStatus.Suspended, HealthStatus.Healthy, true)]
    [InlineData(HealthStatus.Degraded, HealthStatus.Unknown, false)]
    [InlineData(HealthStatus.Healthy, HealthStatus.Healthy, false)]
    public void IsWorseThan_FollowsArgoOrder(HealthStatus a, HealthStatus b, bool expected)
    {
        Assert.Equal(expected, a.IsWorseThan(b));
    }

    private sealed class FixedRule(HealthResult result) : IHealthCheck
    {
        public HealthResult? Check(JsonObject live) => result;
    }
}
