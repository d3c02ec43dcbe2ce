using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;
using GitOps.Engine.Tests.Health;

namespace GitOps.Engine.Tests.Drift;

/// <summary>The desired/live pairs in Anchors/argo-diff (Argo CD gitops-engine test data): no false drift, and the real changes still found.</summary>
public sealed class ArgoDiffAnchorTests
{
    // The manager that applied the smd-*/ssd-* objects in Argo CD's tests.
    private static readonly ObjectComparer ArgoManager = new(new ComparisonOptions { FieldManager = "argocd-controller" });

    private static JsonObject Load(string file) => Anchors.Load(Path.Combine(Anchors.Folder("argo-diff"), file));

    public static TheoryData<string, string, string> ExpectedPairs()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Anchors.TsvRows(Path.Combine(Anchors.Folder("argo-diff"), "expected.tsv")))
        {
            data.Add(row[0], row[1], row[2]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedPairs))]
    public void Compare_ExpectedTablePair_GivesExpectedResult(string desiredFile, string liveFile, string expected)
    {
        Assert.Equal("no-drift", expected);

        var drifts = ArgoManager.Compare(Load(desiredFile), Load(liveFile));

        Assert.True(drifts.Count == 0, $"{desiredFile} vs {liveFile}: unexpected drift {Describe(drifts)}");
    }

    [Theory]
    [InlineData("ssd-deploy-composite-key-config.yaml", "ssd-deploy-composite-key-predicted-live.json")]
    [InlineData("ssd-deploy-nested-config.yaml", "ssd-deploy-nested-predicted-live.json")]
    [InlineData("ssd-deploy-with-manual-apply-config.yaml", "ssd-deploy-with-manual-apply-predicted-live.json")]
    [InlineData("ssd-service-config.yaml", "ssd-service-live.yaml")]
    [InlineData("ssd-svc-no-label-config.yaml", "ssd-svc-no-label-predicted-live.json")]
    public void Compare_ConfigWithServerPredictedLive_FindsNoDrift(string desiredFile, string predictedFile)
    {
        // The predicted live object is the API server's answer to an SSA dry-run of the config:
        // after applying, nothing may still look drifted. (ssd-service's live object already
        // matches its config; its predicted-live is a mutating webhook's rewrite, a real change.)
        var drifts = ArgoManager.Compare(Load(desiredFile), Load(predictedFile));

        Assert.True(drifts.Count == 0, $"{desiredFile} vs {predictedFile}: unexpected drift {Describe(drifts)}");
    }

    [Theory]
    [InlineData("smd-service-config.yaml", "smd-service-live.yaml", "spec.ports[port=1935,protocol=TCP].targetPort")]
    [InlineData("smd-service-config-ports.yaml", "smd-service-live.yaml", "spec.ports[port=1935,protocol=UDP]")]
    [InlineData("smd-service-config-ports.yaml", "smd-service-live-with-type.yaml", "spec.ports[port=443,protocol=UDP]")]
    [InlineData("smd-service-config-2-ports.yaml", "smd-service-live.yaml", "spec.ports[port=443,protocol=TCP]")]
    [InlineData("ssd-service-config.yaml", "ssd-service-predicted-live.json", "metadata.labels.app.kubernetes.io/instance")]
    [InlineData("ssd-svc-no-label-config.yaml", "ssd-svc-label-live.yaml", "metadata.labels")]
    public void Compare_ConfigWithRealChange_FindsTheChangedField(string desiredFile, string liveFile, string expectedPath)
    {
        var drifts = ArgoManager.Compare(Load(desiredFile), Load(liveFile));

        Assert.Contains(drifts, d => d.Path.StartsWith(expectedPath, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("smd-deploy2-config.yaml", "smd-deploy2-live.yaml", "spec.template.spec.containers[name=nginx].resources")]
    [InlineData("ssd-deploy-composite-key-config.yaml", "ssd-deploy-composite-key-live.yaml", "spec.template.spec.containers[name=nginx].ports[containerPort=8080,protocol=TCP]")]
    [InlineData("ssd-deploy-nested-config.yaml", "ssd-deploy-nested-live.yaml", "spec.template.spec.containers[name=main-container].env[name=ENV_VAR2]")]
    [InlineData("ssd-deploy-with-manual-apply-config.yaml", "ssd-deploy-with-manual-apply-live.yaml", "spec.template.spec.containers[name=main-container].ports[containerPort=40,protocol=TCP]")]
    public void Compare_DeploymentConfigWithOlderLive_FindsTheChange(string desiredFile, string liveFile, string expectedPath)
    {
        var drifts = ArgoManager.Compare(Load(desiredFile), Load(liveFile));

        Assert.Contains(drifts, d => d.Path == expectedPath);
    }

    [Fact]
    public void Compare_Deploy2ConfigDroppedResources_ReportsOurAppliedFieldAsRemoved()
    {
        // smd-deploy2's predicted live object is Argo CD's local structured-merge prediction: our
        // manager still owns resources.requests, which the config no longer sets. Applying the
        // config would remove them, so they are drift, and the only drift.
        var drifts = ArgoManager.Compare(Load("smd-deploy2-config.yaml"), Load("smd-deploy2-predicted-live.json"));

        var drift = Assert.Single(drifts);
        Assert.Equal("spec.template.spec.containers[name=nginx].resources", drift.Path);
        Assert.Null(drift.Desired);
        Assert.NotNull(drift.Live);
    }

    internal static string Describe(IReadOnlyList<FieldDrift> drifts) =>
        string.Join("; ", drifts.Select(d => $"{d.Path}: {d.Desired?.ToJsonString() ?? "<absent>"} vs {d.Live?.ToJsonString() ?? "<absent>"} ({d.Manager})"));
}
