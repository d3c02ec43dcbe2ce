using System.Text.Json.Nodes;
using GitOps.Engine.Diff;
using GitOps.Engine.Tests.Drift;
using static GitOps.Engine.Tests.Drift.SampleObjects;

namespace GitOps.Engine.Tests.Diff;

public sealed class ObjectDiffTests
{
    private static JsonObject WebContainer(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["name"] == "web");

    [Fact]
    public void Unified_InSyncDeploymentWithServerDefaults_IsEmpty()
    {
        Assert.Equal("", ObjectDiff.Unified(DesiredDeployment(), LiveDeployment()));
    }

    [Fact]
    public void Unified_ChangedImage_ShowsOnlyThatLineChanged()
    {
        var live = LiveDeployment();
        WebContainer(live)["image"] = "nginx:1.28";

        var diff = ObjectDiff.Unified(DesiredDeployment(), live);

        var changed = diff.Split('\n').Where(l => l.StartsWith('+') || l.StartsWith('-')).ToList();
        Assert.Equal(
            ["--- live/Deployment/shop/web", "+++ desired/Deployment/shop/web", "-        image: nginx:1.28", "+        image: nginx:1.27"],
            changed);
        Assert.Contains("@@ ", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Unified_FullScope_ShowsServerDefaultsAsLiveOnly()
    {
        var diff = ObjectDiff.Unified(DesiredDeployment(), LiveDeployment(), new ObjectDiffOptions { Scope = DiffScope.Full });

        Assert.Contains("-  progressDeadlineSeconds: 600", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("managedFields", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("observedGeneration", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Unified_MissingObject_ShowsEveryDesiredLineAdded()
    {
        var diff = ObjectDiff.Unified(DesiredService(), null);

        var body = diff.Split('\n').Skip(3).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(body);
        Assert.All(body, line => Assert.StartsWith("+", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Unified_ChangedSecret_MarksChangedKeyWithoutValues()
    {
        var desired = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"stringData":{"password":"hunter2"},"data":{"user":"YWRtaW4="}}""");
        var live = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"data":{"password":"b2xk","user":"YWRtaW4="}}""");

        var diff = ObjectDiff.Unified(desired, live);

        Assert.True(diff.Contains("-  password: \"***\"", StringComparison.Ordinal), diff);
        Assert.Contains("-  password: \"***\"", diff, StringComparison.Ordinal);
        Assert.Contains("+  password: \"*** (changed)\"", diff, StringComparison.Ordinal);
        Assert.Contains("   user: \"***\"", diff, StringComparison.Ordinal);
        foreach (var secret in new[] { "hunter2", "aHVudGVyMg==", "b2xk", "YWRtaW4=", "admin" })
        {
            Assert.DoesNotContain(secret, diff, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unified_ExtraSecret_MasksEveryValue()
    {
        var live = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"old"},"data":{"k":"c2VjcmV0"}}""");

        var diff = ObjectDiff.Unified(null, live);

        Assert.Contains("-  k: \"***\"", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_Secret_HidesDataAndStringData()
    {
        var masked = SecretMasking.Mask(Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"eA=="},"stringData":{"b":"y"}}"""));

        Assert.Equal("""{"a":"***","b":"***"}""", masked["data"]!.ToJsonString());
        Assert.Null(masked["stringData"]);
    }

    [Fact]
    public void Unified_AnchorPairsWithoutDrift_AreEmpty()
    {
        foreach (var row in Health.Anchors.TsvRows(Path.Combine(Health.Anchors.Folder("argo-diff"), "expected.tsv")))
        {
            var desired = Health.Anchors.Load(Path.Combine(Health.Anchors.Folder("argo-diff"), row[0]));
            var live = Health.Anchors.Load(Path.Combine(Health.Anchors.Folder("argo-diff"), row[1]));

            var diff = ObjectDiff.Unified(desired, live);

            Assert.True(diff.Length == 0, $"{row[0]}:\n{diff}");
        }
    }
}
