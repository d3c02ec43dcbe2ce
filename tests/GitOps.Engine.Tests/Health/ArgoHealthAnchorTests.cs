using GitOps.Engine.Health;

namespace GitOps.Engine.Tests.Health;

/// <summary>Every case in Anchors/argo-health (Argo CD gitops-engine test data) gives the health Argo CD's built-in rules give.</summary>
public sealed class ArgoHealthAnchorTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Anchors.TsvRows(Path.Combine(Anchors.Folder("argo-health"), "expected.tsv")))
        {
            data.Add(row[0], row[1]);
        }

        return data;
    }

    [Fact]
    public void ExpectedTable_ListsEveryFixtureFile()
    {
        var folder = Anchors.Folder("argo-health");
        var listed = Anchors.TsvRows(Path.Combine(folder, "expected.tsv")).Select(r => r[0]).ToHashSet();
        var files = Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).ToHashSet();

        Assert.Equal(49, listed.Count);
        Assert.Subset(files!, listed);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Assess_ArgoFixture_GivesArgoExpectation(string file, string expected)
    {
        var live = Anchors.Load(Path.Combine(Anchors.Folder("argo-health"), file));

        var result = HealthAssessor.Default.Assess(live);

        if (expected == "none")
        {
            // Argo CD has no rule for these kinds: the generic rule decides, and none of them
            // carries Ready/Stalled/Reconciling conditions or an observedGeneration, so they have no health.
            var gvk = GitOps.Kubernetes.GroupVersionKind.Of(live);
            Assert.Null(HealthAssessor.Default.RuleFor(new GroupKind(gvk.Group, gvk.Kind)));
            Assert.Null(result);
        }
        else
        {
            Assert.NotNull(result);
            Assert.Equal(Enum.Parse<HealthStatus>(expected), result.Status);
        }
    }
}
