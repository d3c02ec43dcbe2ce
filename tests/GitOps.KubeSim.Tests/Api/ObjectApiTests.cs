using System.Net;
using System.Text.Json.Nodes;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Api;

/// <summary>REST semantics over HTTP: Status errors, optimistic concurrency, patches, dry run, defaults, immutability.</summary>
public sealed class ObjectApiTests
{
    [Fact]
    public async Task Get_Missing_AnswersNotFoundStatus()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();

        var (status, body) = await Http.SendAsync(client, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/nope");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Status", (string?)body!["kind"]);
        Assert.Equal("Failure", (string?)body["status"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
        Assert.Equal("deployments.apps \"nope\" not found", (string?)body["message"]);
        Assert.Equal("apps", (string?)body["details"]!["group"]);
        Assert.Equal("deployments", (string?)body["details"]!["kind"]);
        Assert.Equal(404, (int)body["code"]!);
    }

    [Fact]
    public async Task Create_Twice_AnswersAlreadyExists_AndMissingNamespaceNotFound()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        const string Cm = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"}}""";

        var (first, created) = await Http.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", Cm);
        var (second, again) = await Http.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", Cm);
        var (missing, noNs) = await Http.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/absent/configmaps", Cm);

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal("default", (string?)created!["metadata"]!["namespace"]);
        Assert.True(Guid.TryParse((string?)created["metadata"]!["uid"], out _));
        Assert.Null(created["metadata"]!["generation"]);
        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Equal("AlreadyExists", (string?)again!["reason"]);
        Assert.Equal("configmaps \"x\" already exists", (string?)again["message"]);
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("namespaces \"absent\" not found", (string?)noNs!["message"]);
    }

    [Fact]
    public async Task Update_StaleResourceVersion_AnswersConflict()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        var (_, created) = await Http.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"1"}}""");
        var stale = created!.DeepClone();
        created["data"]!["a"] = "2";
        var (ok, updated) = await Http.SendAsync(client, HttpMethod.Put, "/api/v1/namespaces/default/configmaps/x", created.ToJsonString());
        stale["data"]!["a"] = "3";

        var (status, body) = await Http.SendAsync(client, HttpMethod.Put, "/api/v1/namespaces/default/configmaps/x", stale.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True(long.Parse((string)updated!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse((string)created["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Conflict", (string?)body!["reason"]);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your changes to the latest version and try again", (string?)body["message"]);
    }

    [Fact]
    public async Task StrategicMergePatch_MergesContainersAndEnvByKey_AndDeletesWithDirective()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        await Http.ApplyAsync(client, Http.DeploymentPath, "test", Http.Deployment);
        const string Patch = """
            {"spec":{"template":{"spec":{"containers":[
              {"name":"main","env":[{"name":"B","value":"2"}]},
              {"name":"sidecar","image":"envoy:1.30"}]}}}}
            """;

        var (status, patched) = await Http.SendAsync(client, HttpMethod.Patch, Http.DeploymentPath + "?fieldManager=kubectl-patch", Patch, "application/strategic-merge-patch+json");
        var (_, deleted) = await Http.SendAsync(client, HttpMethod.Patch, Http.DeploymentPath, """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""", "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, status);
        var containers = patched!["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["main", "sidecar"], containers.Select(c => (string)c!["name"]!).ToArray());
        Assert.Equal(["A", "B"], containers[0]!["env"]!.AsArray().Select(e => (string)e!["name"]!).ToArray());
        Assert.Equal("nginx:1.25", (string?)containers[0]!["image"]);
        Assert.Equal(2, (int)patched["metadata"]!["generation"]!);
        var update = patched["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "kubectl-patch");
        Assert.Equal("Update", (string?)update!["operation"]);
        Assert.NotNull(update["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"sidecar\"}"]!["."]);
        Assert.Equal(["main"], deleted!["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToArray());
    }

    [Fact]
    public async Task MergeAndJsonPatch_ApplyAndMetadataOnlyChangeKeepsGeneration()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        await Http.ApplyAsync(client, Http.DeploymentPath, "test", Http.Deployment);

        var (_, merged) = await Http.SendAsync(client, HttpMethod.Patch, Http.DeploymentPath, """{"metadata":{"labels":{"extra":"yes"}}}""", "application/merge-patch+json");
        var (_, jsonPatched) = await Http.SendAsync(client, HttpMethod.Patch, Http.DeploymentPath, """[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/annotations","value":{"n":"1"}}]""", "application/json-patch+json");
        var (bad, error) = await Http.SendAsync(client, HttpMethod.Patch, Http.DeploymentPath, """[{"op":"test","path":"/spec/replicas","value":9}]""", "application/json-patch+json");

        Assert.Equal("yes", (string?)merged!["metadata"]!["labels"]!["extra"]);
        Assert.Equal(1, (int)merged["metadata"]!["generation"]!);
        Assert.Equal(4, (int)jsonPatched!["spec"]!["replicas"]!);
        Assert.Equal(2, (int)jsonPatched["metadata"]!["generation"]!);
        Assert.Equal("1", (string?)jsonPatched["metadata"]!["annotations"]!["n"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Equal("Invalid", (string?)error!["reason"]);
    }

    [Fact]
    public async Task DryRun_OnEveryWrite_StoresNothing()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        const string Cm = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"default"},"data":{"a":"1"}}""";

        var (created, preview) = await Http.SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps?dryRun=All", Cm);
        var (applied, _) = await Http.ApplyAsync(client, "/api/v1/namespaces/default/configmaps/x", "m", Cm, dryRun: true);
        var (afterDryRuns, _) = await Http.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/x");
        await Http.ApplyAsync(client, "/api/v1/namespaces/default/configmaps/x", "m", Cm);
        var (_, live) = await Http.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/x");
        await Http.SendAsync(client, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/x?dryRun=All", """{"data":{"a":"2"}}""", "application/merge-patch+json");
        await Http.SendAsync(client, HttpMethod.Put, "/api/v1/namespaces/default/configmaps/x?dryRun=All", live!.ToJsonString().Replace("\"a\":\"1\"", "\"a\":\"3\"", StringComparison.Ordinal));
        var (deleted, _) = await Http.SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/x?dryRun=All");
        var (_, still) = await Http.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/x");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Null(preview!["metadata"]!["resourceVersion"]);
        Assert.Equal(HttpStatusCode.Created, applied);
        Assert.Equal(HttpStatusCode.NotFound, afterDryRuns);
        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal("1", (string?)still!["data"]!["a"]);
        Assert.Equal((string?)live["metadata"]!["resourceVersion"], (string?)still["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task ImmutableFields_DeploymentSelectorAndServiceClusterIp_Answer422()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        await Http.ApplyAsync(client, Http.DeploymentPath, "test", Http.Deployment);
        var (_, svc) = await Http.ApplyAsync(client, "/api/v1/namespaces/default/services/web", "test", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");

        var changed = JsonNode.Parse(Http.Deployment)!;
        changed["spec"]!["selector"]!["matchLabels"]!["v"] = "2";
        changed["spec"]!["template"]!["metadata"]!["labels"]!["v"] = "2";
        var (selector, selectorError) = await Http.ApplyAsync(client, Http.DeploymentPath, "test", changed.ToJsonString());
        var (ip, ipError) = await Http.ApplyAsync(client, "/api/v1/namespaces/default/services/web", "test", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"clusterIP":"10.96.99.99","selector":{"app":"web"},"ports":[{"port":80}]}}""");

        Assert.StartsWith("10.96.", (string?)svc!["spec"]!["clusterIP"], StringComparison.Ordinal);
        Assert.Equal("ClusterIP", (string?)svc["spec"]!["type"]);
        Assert.Equal(80, (int)svc["spec"]!["ports"]![0]!["targetPort"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, selector);
        Assert.Equal("Invalid", (string?)selectorError!["reason"]);
        Assert.StartsWith("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"v\":\"2\"}", (string?)selectorError["message"], StringComparison.Ordinal);
        Assert.Contains("field is immutable", (string?)selectorError["message"], StringComparison.Ordinal);
        Assert.Equal("spec.selector", (string?)selectorError["details"]!["causes"]![0]!["field"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ip);
        Assert.Contains("may not change once set", (string?)ipError!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_StringData_IsFoldedIntoBase64Data()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();

        var (_, secret) = await Http.ApplyAsync(client, "/api/v1/namespaces/default/secrets/s", "test", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"}}""");

        Assert.Equal("aHVudGVyMg==", (string?)secret!["data"]!["password"]);
        Assert.Null(secret["stringData"]);
        Assert.Equal("Opaque", (string?)secret["type"]);
    }

    [Fact]
    public async Task StatusSubresource_IsKeptApartFromMainResource()
    {
        await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { SettleControllersOnWrite = true });
        sim.Server.Controllers.Enabled = false;
        using var client = sim.CreateHttpClient();
        var (_, created) = await Http.ApplyAsync(client, Http.DeploymentPath, "test", Http.Deployment);
        var withStatus = created!.DeepClone();
        withStatus["status"] = new JsonObject { ["replicas"] = 7 };
        withStatus["spec"]!["replicas"] = 5;

        var (_, afterStatus) = await Http.SendAsync(client, HttpMethod.Put, Http.DeploymentPath + "/status", withStatus.ToJsonString());
        var mainUpdate = afterStatus!.DeepClone();
        mainUpdate["status"] = new JsonObject { ["replicas"] = 1 };
        var (_, afterMain) = await Http.SendAsync(client, HttpMethod.Put, Http.DeploymentPath, mainUpdate.ToJsonString());

        Assert.Equal(7, (int)afterStatus["status"]!["replicas"]!);
        Assert.Equal(2, (int)afterStatus["spec"]!["replicas"]!);
        Assert.Equal(1, (int)afterStatus["metadata"]!["generation"]!);
        Assert.Equal(7, (int)afterMain!["status"]!["replicas"]!);
    }

    [Fact]
    public async Task ListWithLimit_ReturnsContinueTokenUntilExhausted()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        for (var i = 0; i < 5; i++)
        {
            await Http.ApplyAsync(client, $"/api/v1/namespaces/default/configmaps/c{i}", "t", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c{{{i}}}"}}""");
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (_, page) = await Http.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps?limit=2" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            names.AddRange(page!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
            token = (string?)page["metadata"]!["continue"];
            pages++;
        }
        while (token is not null);

        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Finalizers_DeleteMarksThenRemovingFinalizerDeletes()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        await Http.ApplyAsync(client, "/api/v1/namespaces/default/configmaps/f", "t", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"f","finalizers":["example.com/hold"]}}""");

        var (_, marked) = await Http.SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/f");
        await Http.SendAsync(client, HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/f", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        var (gone, _) = await Http.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/f");

        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.NotFound, gone);
    }

    [Fact]
    public async Task DeleteOwner_RemovesDependentsUnlessOrphaned()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        var (_, owner) = await Http.ApplyAsync(client, "/api/v1/namespaces/default/configmaps/owner", "t", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owner"}}""");
        var uid = (string)owner!["metadata"]!["uid"]!;
        await Http.ApplyAsync(client, "/api/v1/namespaces/default/configmaps/child", "t", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"child","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"{{{uid}}}"}]}}""");

        await Http.SendAsync(client, HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/owner", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}""");
        var (child, _) = await Http.SendAsync(client, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/child");

        Assert.Equal(HttpStatusCode.NotFound, child);
    }
}
