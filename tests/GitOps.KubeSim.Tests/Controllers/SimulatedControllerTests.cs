using System.Text.Json.Nodes;
using GitOps.KubeSim.Tests.Api;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Controllers;

/// <summary>Workloads roll out deterministically; conventions pin progressing or degraded outcomes.</summary>
public sealed class SimulatedControllerTests
{
    [Fact]
    public async Task ManualMode_WriteLeavesProgressing_TickSettlesAvailable()
    {
        await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { SettleControllersOnWrite = false });
        using var client = sim.CreateHttpClient();

        var (_, progressing) = await Http.ApplyAsync(client, Http.DeploymentPath, "t", Http.Deployment);
        var changed = sim.Server.SettleControllers();
        var (_, settled) = await Http.SendAsync(client, HttpMethod.Get, Http.DeploymentPath);

        Assert.Equal("False", Condition(progressing!, "Available"));
        Assert.Equal("ReplicaSetUpdated", (string?)ConditionNode(progressing!, "Progressing")!["reason"]);
        Assert.True(changed >= 1);
        Assert.Equal("True", Condition(settled!, "Available"));
        Assert.Equal("NewReplicaSetAvailable", (string?)ConditionNode(settled!, "Progressing")!["reason"]);
        Assert.Equal(2, (int)settled!["status"]!["availableReplicas"]!);
        Assert.Equal(1, (int)settled["status"]!["observedGeneration"]!);
    }

    [Theory]
    [InlineData("degraded", "nginx:1.25", "ProgressDeadlineExceeded")]
    [InlineData(null, "nginx:fail", "ProgressDeadlineExceeded")]
    [InlineData("progressing", "nginx:1.25", "ReplicaSetUpdated")]
    public async Task Conventions_PinDeploymentOutcome(string? health, string image, string reason)
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        var manifest = JsonNode.Parse(Http.Deployment)!;
        if (health is not null)
        {
            manifest["metadata"]!["annotations"] = new JsonObject { ["kubesim.gitops.io/health"] = health };
        }

        manifest["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;

        await Http.ApplyAsync(client, Http.DeploymentPath, "t", manifest.ToJsonString());
        sim.Server.SettleControllers();
        var (_, live) = await Http.SendAsync(client, HttpMethod.Get, Http.DeploymentPath);

        Assert.Equal(reason, (string?)ConditionNode(live!, "Progressing")!["reason"]);
        Assert.Equal("False", Condition(live!, "Available"));
    }

    [Theory]
    [InlineData(null, "True", "ReadyForNewScale", "True")]
    [InlineData("degraded", "True", "SucceededGetScale", "False")]
    public async Task HorizontalPodAutoscaler_ReportsTheStatusARealAutoscalerDoes(string? health, string ableToScale, string reason, string scalingActive)
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        var hpa = JsonNode.Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,
                     "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]}}
            """)!;
        if (health is not null)
        {
            hpa["metadata"]!["annotations"] = new JsonObject { ["kubesim.gitops.io/health"] = health };
        }

        await Http.ApplyAsync(client, "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web", "t", hpa.ToJsonString());
        var (_, live) = await Http.SendAsync(client, HttpMethod.Get, "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");

        Assert.Equal(ableToScale, Condition(live!, "AbleToScale"));
        Assert.Equal(reason, (string?)ConditionNode(live!, "AbleToScale")!["reason"]);
        Assert.Equal(scalingActive, Condition(live!, "ScalingActive"));
        Assert.Equal(2, (int)live!["status"]!["currentReplicas"]!);
        Assert.Equal(2, (int)live["status"]!["desiredReplicas"]!);
    }

    [Fact]
    public async Task Job_CompletesOrFailsByImage()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        const string Job = """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"NAME"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"IMAGE"}]}}}}""";

        var (_, ok) = await Http.ApplyAsync(client, "/apis/batch/v1/namespaces/default/jobs/ok", "t", Job.Replace("NAME", "ok", StringComparison.Ordinal).Replace("IMAGE", "busybox:1.36", StringComparison.Ordinal));
        var (_, bad) = await Http.ApplyAsync(client, "/apis/batch/v1/namespaces/default/jobs/bad", "t", Job.Replace("NAME", "bad", StringComparison.Ordinal).Replace("IMAGE", "busybox:fail", StringComparison.Ordinal));

        Assert.Equal("True", Condition(ok!, "Complete"));
        Assert.Equal(1, (int)ok!["status"]!["succeeded"]!);
        Assert.NotNull(ok["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]);
        Assert.Equal("True", Condition(bad!, "Failed"));
        Assert.Equal("BackoffLimitExceeded", (string?)ConditionNode(bad!, "Failed")!["reason"]);
    }

    [Fact]
    public async Task StatefulSetAndDaemonSet_ReportReadyStatus()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var client = sim.CreateHttpClient();
        static string Workload(string kind, string name, int? replicas)
        {
            var obj = new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = kind,
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = new JsonObject
                {
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "redis:7" }) },
                    },
                },
            };
            if (replicas is { } r)
            {
                obj["spec"]!["replicas"] = r;
            }

            return obj.ToJsonString();
        }

        var (_, sts) = await Http.ApplyAsync(client, "/apis/apps/v1/namespaces/default/statefulsets/db", "t", Workload("StatefulSet", "db", 3));
        var (_, ds) = await Http.ApplyAsync(client, "/apis/apps/v1/namespaces/default/daemonsets/agent", "t", Workload("DaemonSet", "agent", null));

        Assert.Equal(3, (int)sts!["status"]!["readyReplicas"]!);
        Assert.Equal((string?)sts["status"]!["currentRevision"], (string?)sts["status"]!["updateRevision"]);
        Assert.Equal("OrderedReady", (string?)sts["spec"]!["podManagementPolicy"]);
        Assert.Equal(1, (int)ds!["status"]!["numberReady"]!);
        Assert.Equal(1, (int)ds["status"]!["observedGeneration"]!);
    }

    private static JsonNode? ConditionNode(JsonNode obj, string type) =>
        obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);

    private static string? Condition(JsonNode obj, string type) => (string?)ConditionNode(obj, type)?["status"];
}
