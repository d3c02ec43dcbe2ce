using System.Text.Json.Nodes;
using GitOps.KubeSim;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Integration;

/// <summary>Operations against the API simulator over plain HTTP.</summary>
public sealed class OperationsTests
{
    private static readonly ApplyOptions Apply = new("gitops-functions");

    [Fact]
    public async Task Apply_NewObject_CreatesItAndGetReturnsIt()
    {
        await using var sim = await SimCluster.StartAsync();

        var applied = await sim.Client.ApplyAsync(SimCluster.ConfigMap("settings", value: "one"), Apply);
        var fetched = await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "settings");

        Assert.Equal("one", (string?)applied["data"]!["key"]);
        Assert.NotNull(fetched);
        Assert.Equal("one", (string?)fetched["data"]!["key"]);
        Assert.Equal(1, sim.Server.Requests.Count("apply", "configmaps"));
        Assert.Contains(sim.Server.Requests.Entries, r => r.Verb == "apply" && r.FieldManager == "gitops-functions");
    }

    [Fact]
    public async Task Apply_DryRun_DoesNotPersist()
    {
        await using var sim = await SimCluster.StartAsync();

        await sim.Client.ApplyAsync(SimCluster.ConfigMap("dry"), Apply with { DryRun = true });

        Assert.Null(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "dry"));
    }

    [Fact]
    public async Task Apply_OtherManagerWithoutForce_FailsWithFieldManagerConflict()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("shared", value: "mine"), Apply);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            sim.Client.ApplyAsync(SimCluster.ConfigMap("shared", value: "theirs"), new ApplyOptions("someone-else", Force: false)));

        Assert.True(error.IsConflict);
        Assert.True(error.IsFieldManagerConflict);
        Assert.Equal(new ObjectRef("", "ConfigMap", "default", "shared"), error.Object);
        Assert.StartsWith("ConfigMap/default/shared:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUrlWithAPath_EveryRequestKeepsThePath()
    {
        // A proxy in front of several clusters serves each under a prefix (https://proxy/k8s/clusters/c-1).
        await using var server = await KubeSimServer.StartAsync();
        var settings = new ClusterConnectionOptions
        {
            Auth = AuthModes.Token,
            Server = new Uri(server.BaseUri, "/k8s/clusters/c-1").ToString(),
            Token = server.Token,
        };
        using var client = KubernetesClient.Create("prefixed", settings);

        // The simulator serves no prefix, so discovery finds nothing there; what matters is where the request went.
        await Assert.ThrowsAsync<UnknownKindException>(() => client.GetAsync(SimCluster.ConfigMapKind, "default", "x"));

        var request = Assert.Single(server.Requests.Entries);
        Assert.Equal("/k8s/clusters/c-1/api/v1", request.Path);
    }

    [Fact]
    public async Task Get_Missing_ReturnsNull()
    {
        await using var sim = await SimCluster.StartAsync();

        Assert.Null(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "absent"));
    }

    [Fact]
    public async Task List_LabelSelectorAcrossPages_ReturnsEveryMatchWithKindFilledIn()
    {
        await using var sim = await SimCluster.StartAsync(configure: o => o.Qps = 0);
        await Parallel.ForEachAsync(Enumerable.Range(0, 1100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await sim.Client.ApplyAsync(SimCluster.ConfigMap($"cm-{i:D4}", app: i % 11 == 0 ? "other" : "paged"), Apply, ct));
        sim.Server.Requests.Reset();

        var list = await sim.Client.ListAsync(SimCluster.ConfigMapKind, "default", "app=paged");

        Assert.Equal(1000, list.Items.Count);
        Assert.All(list.Items, item => Assert.Equal("ConfigMap", (string?)item["kind"]));
        Assert.Equal(1000, list.Items.Select(i => (string?)i["metadata"]!["name"]).Distinct().Count());
        Assert.Equal(2, sim.Server.Requests.Count("list", "configmaps"));
        Assert.NotEqual("", list.ResourceVersion);
    }

    [Fact]
    public async Task MergePatch_AddsLabel()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("patched"), Apply);

        var patched = await sim.Client.MergePatchAsync(SimCluster.ConfigMapKind, "default", "patched",
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["tier"] = "gold" } } });

        Assert.Equal("gold", (string?)patched["metadata"]!["labels"]!["tier"]);
    }

    [Fact]
    public async Task CreateThenUpdate_WithStaleResourceVersion_FailsWithConflict()
    {
        await using var sim = await SimCluster.StartAsync();
        var created = await sim.Client.CreateAsync(SimCluster.ConfigMap("versioned"));
        var first = (JsonObject)created.DeepClone();
        first["data"]!["key"] = "two";
        await sim.Client.UpdateAsync(first);

        var stale = (JsonObject)created.DeepClone();
        stale["data"]!["key"] = "three";
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.UpdateAsync(stale));

        Assert.True(error.IsConflict);
        Assert.Equal(409, error.Code);
    }

    [Fact]
    public async Task Create_Existing_FailsWithAlreadyExists()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.CreateAsync(SimCluster.ConfigMap("twice"));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.CreateAsync(SimCluster.ConfigMap("twice")));

        Assert.True(error.IsAlreadyExists);
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("doomed"), Apply);

        Assert.True(await sim.Client.DeleteAsync(SimCluster.ConfigMapKind, "default", "doomed", new DeleteOptions("Foreground")));
        Assert.Null(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "doomed"));
        Assert.False(await sim.Client.DeleteAsync(SimCluster.ConfigMapKind, "default", "doomed"));
    }

    [Fact]
    public async Task Delete_WrongUidPrecondition_FailsAndKeepsObject()
    {
        await using var sim = await SimCluster.StartAsync();
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("guarded"), Apply);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            sim.Client.DeleteAsync(SimCluster.ConfigMapKind, "default", "guarded", new DeleteOptions(PreconditionUid: "not-the-uid")));

        Assert.Equal(409, error.Code);
        Assert.NotNull(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "guarded"));
    }

    [Fact]
    public async Task Apply_NamespacedKindWithoutNamespace_UsesKubeconfigNamespace()
    {
        await using var sim = await SimCluster.StartAsync();
        var obj = SimCluster.ConfigMap("implicit");
        ((JsonObject)obj["metadata"]!).Remove("namespace");

        await sim.Client.ApplyAsync(obj, Apply);

        Assert.NotNull(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "implicit"));
    }
}
