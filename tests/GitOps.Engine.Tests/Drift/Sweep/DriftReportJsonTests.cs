using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;
using GitOps.Engine.Drift.Sweep;
using GitOps.Kubernetes;

namespace GitOps.Engine.Tests.Drift.Sweep;

public sealed class DriftReportJsonTests
{
    private static AppDriftReport Report(int findings) => new()
    {
        App = "web", Source = "platform", Cluster = "prod", State = DriftState.Drifted, SweptAt = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero),
        Commit = "abc", Compared = 10, Action = "healing", JobId = "job-1",
        Findings = [.. Enumerable.Range(0, findings).Select(i => new DriftFinding(new ObjectRef("", "ConfigMap", "web", $"cm-{i}"), DriftKind.Modified,
            [new FieldDrift("data.key", JsonValue.Create("v"), JsonValue.Create(new string('x', 200)), "kubectl-patch")], "data.key changed"))],
        Heals = new Dictionary<string, HealRecord> { ["/ConfigMap/web/cm-0"] = new(2, new DateTimeOffset(2026, 11, 22, 2, 55, 0, TimeSpan.Zero)) },
    };

    [Fact]
    public void RoundTrip_KeepsFindingsFieldsAndHeals()
    {
        var back = DriftReportJson.Deserialize(DriftReportJson.Serialize(Report(2), 30_000))!;

        Assert.Equal(2, back.Findings.Count);
        Assert.Equal("cm-1", back.Findings[1].Object.Name);
        Assert.Equal("kubectl-patch", back.Findings[0].Fields[0].Manager);
        Assert.Equal(new HealRecord(2, new DateTimeOffset(2026, 11, 22, 2, 55, 0, TimeSpan.Zero)), back.Heals["/ConfigMap/web/cm-0"]);
        Assert.Equal(DriftState.Drifted, back.State);
        Assert.Equal("job-1", back.JobId);
    }

    [Fact]
    public void Serialize_HugeReport_StaysWithinBoundAndKeepsFirstFindings()
    {
        var json = DriftReportJson.Serialize(Report(2_000), 30_000);

        Assert.True(json.Length <= 30_000, $"{json.Length} chars");
        var back = DriftReportJson.Deserialize(json)!;
        Assert.NotEmpty(back.Findings);
        Assert.Equal("cm-0", back.Findings[0].Object.Name);
        Assert.Contains("\"TotalFindings\":2000", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Garbage_ReturnsNull() => Assert.Null(DriftReportJson.Deserialize("{not json"));
}
