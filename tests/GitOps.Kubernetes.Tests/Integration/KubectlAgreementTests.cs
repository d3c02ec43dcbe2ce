using System.Text.Json.Nodes;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Testing.KubeSim;

namespace GitOps.Kubernetes.Tests.Integration;

/// <summary>Real kubectl and our client, on one simulator from the same kubeconfig, see and do the same: apply, get, list, delete, dry-run.</summary>
public sealed class KubectlAgreementTests : IAsyncLifetime
{
    private const string Manager = "gitops-functions";
    private static readonly GroupVersionKind Deployment = new("apps", "v1", "Deployment");
    private KubeSimInstance _sim = null!;
    private KubernetesClient _client = null!;

    public async Task InitializeAsync()
    {
        _sim = await KubeSimInstance.StartAsync();
        _client = KubernetesClient.Create("agree", new ClusterConnectionOptions { Kubeconfig = _sim.KubeconfigPath });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    private static JsonObject Web(string name, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["team"] = "agree" } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "nginx:1.27" }) },
            },
        },
    };

    private async Task<JsonObject?> KubectlJsonAsync(params string[] args)
    {
        var result = await _sim.KubectlAsync(args);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? null : JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    private Task<JsonObject?> KubectlApplyAsync(JsonObject obj, params string[] extra) =>
        KubectlJsonAsync(["apply", "--server-side", "--validate=false", "--field-manager=" + Manager, "--force-conflicts", "-o", "json", .. extra,
            "-f", _sim.WriteFile($"{Guid.NewGuid():N}.json", obj.ToJsonString())]);

    [Fact]
    public async Task Apply_OurApplyThenKubectlsSameApply_ChangesNothing()
    {
        var ours = await _client.ApplyAsync(Web("same", 2), new ApplyOptions(Manager));

        var theirs = await KubectlApplyAsync(Web("same", 2));

        Assert.Equal((string?)ours["metadata"]!["resourceVersion"], (string?)theirs!["metadata"]!["resourceVersion"]);
        Assert.True(JsonNode.DeepEquals(ours["spec"], theirs["spec"]));
    }

    [Fact]
    public async Task Get_BothReadTheSameObject()
    {
        await KubectlApplyAsync(Web("read", 3));

        var ours = await _client.GetAsync(Deployment, "default", "read");
        var theirs = await KubectlJsonAsync("get", "deployment", "read", "-n", "default", "-o", "json", "--show-managed-fields");

        Assert.True(JsonNode.DeepEquals(ours, theirs), $"ours {ours}\ntheirs {theirs}");
    }

    [Fact]
    public async Task List_BothSelectTheSameObjects()
    {
        await _client.ApplyAsync(Web("one", 1), new ApplyOptions(Manager));
        await KubectlApplyAsync(Web("two", 1));
        var other = Web("three", 1);
        other["metadata"]!["labels"]!["team"] = "other";
        await _client.ApplyAsync(other, new ApplyOptions(Manager));

        var ours = await _client.ListAsync(Deployment, null, "team=agree");
        var theirs = await KubectlJsonAsync("get", "deployments", "-A", "-l", "team=agree", "-o", "json");

        Assert.Equal(["one", "two"], ours.Items.Select(i => (string)i["metadata"]!["name"]!).Order());
        Assert.Equal(["one", "two"], theirs!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Order());
    }

    [Fact]
    public async Task DryRun_BothPredictTheSameObjectAndChangeNothing()
    {
        var live = await _client.ApplyAsync(Web("dry", 1), new ApplyOptions(Manager));

        var ours = await _client.ApplyAsync(Web("dry", 5), new ApplyOptions(Manager, DryRun: true));
        var theirs = await KubectlApplyAsync(Web("dry", 5), "--dry-run=server");

        Assert.Equal(5, (int)ours["spec"]!["replicas"]!);
        Assert.True(JsonNode.DeepEquals(ours["spec"], theirs!["spec"]));
        Assert.Equal((long?)ours["metadata"]!["generation"], (long?)theirs["metadata"]!["generation"]);
        var after = await _client.GetAsync(Deployment, "default", "dry");
        Assert.Equal(1, (int)after!["spec"]!["replicas"]!);
        Assert.Equal((string?)live["metadata"]!["resourceVersion"], (string?)after["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public async Task Delete_EachSeesTheOthersDelete()
    {
        await _client.ApplyAsync(Web("ours", 1), new ApplyOptions(Manager));
        await _client.ApplyAsync(Web("theirs", 1), new ApplyOptions(Manager));

        Assert.True(await _client.DeleteAsync(Deployment, "default", "ours"));
        var deleted = await _sim.KubectlAsync("delete", "deployment", "theirs", "-n", "default");

        Assert.Equal(0, deleted.ExitCode);
        Assert.Null(await KubectlJsonAsync("get", "deployment", "ours", "-n", "default", "-o", "json", "--ignore-not-found"));
        Assert.Null(await _client.GetAsync(Deployment, "default", "theirs"));
        Assert.False(await _client.DeleteAsync(Deployment, "default", "theirs"));
    }
}
