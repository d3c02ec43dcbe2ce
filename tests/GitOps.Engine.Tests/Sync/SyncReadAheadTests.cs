using System.Text.Json.Nodes;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;
using GitOps.Kubernetes.Client;
using GitOps.Testing;

namespace GitOps.Engine.Tests.Sync;

/// <summary>The live state (ApplySet parent, members) is read while the source is fetched, and reused when the app still targets the same parent.</summary>
public sealed class SyncReadAheadTests
{
    private static JsonObject Ns(string name = "web") => TestObjects.Make("v1", "Namespace", name);

    private static JsonObject[] App(int configMaps, string changed = "v", string ns = "web") =>
        [Ns(ns), .. Enumerable.Range(0, configMaps).Select(i => TestObjects.ConfigMap($"cm-{i}", ns, i == 0 ? changed : "v"))];

    [Fact]
    public async Task HandleAsync_SecondPush_ReadsParentAndMembersDuringTheFetchAndNotAgain()
    {
        var h = new SyncHarness();
        h.Push(App(5));
        await h.RunAsync(h.Job());
        h.Push(App(5, changed: "new"));
        h.Cluster.ResetCounters();
        var readsBeforeCheckout = -1;
        h.BeforeCheckout = async () =>
        {
            // The parent GET and one LIST per kind (ConfigMap, Namespace) complete while the fetch is still running.
            await Eventually.TrueAsync(() => Task.FromResult(h.Cluster.Reads >= 3), "the read-ahead's parent GET and two LISTs", TimeSpan.FromSeconds(30));
            readsBeforeCheckout = h.Cluster.Reads;
        };

        await h.RunAsync(h.Job());

        Assert.Equal(3, readsBeforeCheckout);
        Assert.Equal(3, h.Cluster.Reads);
        Assert.Equal(1, h.Cluster.Applies);
        Assert.Equal("new", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
        Assert.Equal(SyncResult.Succeeded, h.Status.Result);
        Assert.Equal("Healthy", h.Status.Health);
    }

    [Fact]
    public async Task HandleAsync_ObjectRemovedAfterReadAhead_IsPrunedFromTheEarlyList()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push(App(2));
        h.Cluster.ResetCounters();

        await h.RunAsync(h.Job());

        Assert.Null(h.Cluster.Find("ConfigMap", "web", "cm-2"));
        Assert.Equal(1, h.Status.Pruned);
        Assert.Equal(3, h.Cluster.Reads);
    }

    [Fact]
    public async Task HandleAsync_ReadAheadListFails_ListsThatKindAgainAndStillPrunes()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push(App(2));
        var failures = 1;
        h.Cluster.Fault = (verb, kind) =>
        {
            if (verb == "list" && kind == "ConfigMap" && Interlocked.Decrement(ref failures) >= 0)
            {
                throw new KubernetesApiException("etcd timeout", 500, "InternalError");
            }
        };
        var job = h.Job();

        await h.RunAsync(job);

        Assert.Equal(JobState.Succeeded, h.Record(job.JobId).State);
        Assert.Null(h.Cluster.Find("ConfigMap", "web", "cm-2"));
        Assert.Equal(1, h.Status.Pruned);
    }

    [Fact]
    public async Task HandleAsync_ReadAheadParentReadFails_ReadsAgainAndSyncs()
    {
        var h = new SyncHarness();
        h.Push(App(3));
        await h.RunAsync(h.Job());
        h.Push(App(2, changed: "new"));
        var failures = 1;
        h.Cluster.Fault = (verb, kind) =>
        {
            if (verb == "get" && kind == "Secret" && Interlocked.Decrement(ref failures) >= 0)
            {
                throw new KubernetesApiException("connection reset", 503, "ServiceUnavailable");
            }
        };
        var job = h.Job();

        await h.RunAsync(job);

        Assert.Equal(JobState.Succeeded, h.Record(job.JobId).State);
        Assert.Equal("new", h.Cluster.Find("ConfigMap", "web", "cm-0")!["data"]!["k"]!.GetValue<string>());
        Assert.Null(h.Cluster.Find("ConfigMap", "web", "cm-2"));
        Assert.Equal(1, h.Status.Pruned);
    }

    [Fact]
    public async Task HandleAsync_AppMovedToAnotherNamespace_IgnoresTheReadAheadAndUsesTheNewParent()
    {
        var h = new SyncHarness();
        h.Push(App(2));
        await h.RunAsync(h.Job());
        h.App = h.App with { Namespace = "web2" };
        h.Push(App(2, ns: "web2"));
        h.Cluster.ResetCounters();

        await h.RunAsync(h.Job());

        Assert.NotNull(h.Cluster.Find("Secret", "web2", "applyset-web"));
        Assert.NotNull(h.Cluster.Find("ConfigMap", "web2", "cm-1"));
        Assert.Equal(SyncResult.Succeeded, h.Status.Result);
        Assert.Equal(3, h.Status.Created);
    }

    [Fact]
    public async Task HandleAsync_AppliedDeployment_HealthComesFromTheApplyNotTheEarlyList()
    {
        var h = new SyncHarness();
        var deployment = TestObjects.Make("apps/v1", "Deployment", "api", "web", spec: new JsonObject { ["replicas"] = 1 });
        h.Push(Ns(), deployment);
        await h.RunAsync(h.Job());
        Assert.Equal(SyncResult.Progressing, h.Status.Result);

        // Before the next sync the live Deployment is healthy; the new spec (2 replicas) is not rolled out yet.
        var live = h.Cluster.Find("Deployment", "web", "api")!;
        live["status"] = JsonNode.Parse("""{"observedGeneration":1,"replicas":1,"updatedReplicas":1,"readyReplicas":1,"availableReplicas":1}""");
        live["metadata"]!["generation"] = 1;
        h.Cluster.Put(live);
        h.Push(Ns(), TestObjects.Make("apps/v1", "Deployment", "api", "web", spec: new JsonObject { ["replicas"] = 2 }));

        await h.RunAsync(h.Job());

        Assert.Equal(1, h.Status.Configured);
        Assert.Equal(SyncResult.Progressing, h.Status.Result);
    }
}
