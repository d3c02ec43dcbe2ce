using System.Text.Json.Nodes;
using GitOps.Engine.Inventory;
using GitOps.Engine.Sync;

namespace GitOps.Engine.Tests.Sync;

public sealed class PruneSelectionTests
{
    private const string Id = "applyset-abc-v1";

    private static JsonObject Member(string apiVersion, string kind, string name, string? ns = "app", Dictionary<string, string>? annotations = null) =>
        TestObjects.Make(apiVersion, kind, name, ns, annotations, new() { [ApplySetLabels.PartOf] = Id });

    [Fact]
    public void Select_UndesiredMembers_DeletedInReverseOrder()
    {
        var live = new[]
        {
            new LiveMembers("Namespace", [Member("v1", "Namespace", "old-ns", null)]),
            new LiveMembers("ConfigMap", [Member("v1", "ConfigMap", "keep"), Member("v1", "ConfigMap", "gone")]),
            new LiveMembers("Deployment.apps", [Member("apps/v1", "Deployment", "gone")]),
        };

        var decision = PruneSelection.Select(live, new HashSet<string> { "/ConfigMap/app/keep" }, Id);

        Assert.Equal(["Deployment", "ConfigMap", "Namespace"], decision.ToDelete.Select(d => d.Ref.Kind));
        Assert.Empty(decision.Kept);
    }

    [Fact]
    public void Select_FailedList_NeverDeletesThatKind()
    {
        var live = new[]
        {
            new LiveMembers("ConfigMap", [Member("v1", "ConfigMap", "gone")], ListError: "500 Internal Server Error"),
            new LiveMembers("Secret", [Member("v1", "Secret", "gone")]),
        };

        var decision = PruneSelection.Select(live, new HashSet<string>(), Id);

        Assert.Equal(["Secret"], decision.ToDelete.Select(d => d.Ref.Kind));
    }

    [Theory]
    [InlineData("gitops-functions.io/prune", "disabled")]
    [InlineData("argocd.argoproj.io/sync-options", "ServerSideApply=true, Prune=false")]
    [InlineData("kustomize.toolkit.fluxcd.io/prune", "disabled")]
    public void Select_OptOutAnnotation_KeptAsSkipped(string key, string value)
    {
        var live = new[] { new LiveMembers("ConfigMap", [Member("v1", "ConfigMap", "precious", annotations: new() { [key] = value })]) };

        var decision = PruneSelection.Select(live, new HashSet<string>(), Id);

        Assert.Empty(decision.ToDelete);
        var kept = Assert.Single(decision.Kept);
        Assert.Equal(ChangeAction.Skipped, kept.Action);
        Assert.Contains(key, kept.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_ObjectOfAnotherSet_NeverDeleted()
    {
        var stranger = TestObjects.Make("v1", "ConfigMap", "stranger", "app", labels: new() { [ApplySetLabels.PartOf] = "applyset-other-v1" });

        var decision = PruneSelection.Select([new LiveMembers("ConfigMap", [stranger])], new HashSet<string>(), Id);

        Assert.Empty(decision.ToDelete);
    }

    [Fact]
    public void Select_PendingDeletion_NotDeletedAgain()
    {
        var dying = Member("v1", "ConfigMap", "dying");
        dying["metadata"]!["deletionTimestamp"] = "2026-11-22T00:00:00Z";

        Assert.Empty(PruneSelection.Select([new LiveMembers("ConfigMap", [dying])], new HashSet<string>(), Id).ToDelete);
    }

    [Theory]
    [InlineData("gitops-functions.io/sync-options", "Recreate=true", true)]
    [InlineData("argocd.argoproj.io/sync-options", "Replace=true", true)]
    [InlineData("argocd.argoproj.io/sync-options", "Prune=false", false)]
    public void WantsRecreate_ReadsOptions(string key, string value, bool expected)
    {
        Assert.Equal(expected, PrunePolicy.WantsRecreate(TestObjects.Make("v1", "ConfigMap", "x", "app", new() { [key] = value })));
    }
}
