using System.Text.Json;
using GitOps.Engine.Inventory;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;
using GitOps.Functions.Jobs;
using GitOps.KubeSim.Faults;

namespace GitOps.EndToEnd.Tests.Sync;

public sealed class SyncAgainstSimulatorTests
{
    private static readonly string ParentId = ApplySetId.ForSecret("applyset-web", "web");

    private static async Task<JsonElement?> GetAsync(SyncTestbed bed, string kind, string name)
    {
        var result = await bed.Sim.KubectlAsync("get", kind, name, "-n", "web", "-o", "json", "--ignore-not-found", "--show-managed-fields");
        Assert.Equal(0, result.ExitCode);
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? null : JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    [Fact]
    public async Task Push_ObjectsLiveWithFieldManagerAndApplySetLabels()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(3);
        var commit = await bed.Repo.CommitAsync("three config maps");
        var job = bed.Job();

        await bed.RunAsync(job);

        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        Assert.Equal(commit, bed.Records.Records[job.JobId].Commit);
        var cm = (await GetAsync(bed, "configmap", "cm-002"))!.Value;
        Assert.Equal(ParentId, cm.GetProperty("metadata").GetProperty("labels").GetProperty(ApplySetLabels.PartOf).GetString());
        Assert.Contains(cm.GetProperty("metadata").GetProperty("managedFields").EnumerateArray(), m => m.GetProperty("manager").GetString() == "gitops-functions" && m.GetProperty("operation").GetString() == "Apply");
        var parent = (await GetAsync(bed, "secret", "applyset-web"))!.Value;
        Assert.Equal(ParentId, parent.GetProperty("metadata").GetProperty("labels").GetProperty(ApplySetLabels.Id).GetString());
        Assert.Equal(commit, parent.GetProperty("metadata").GetProperty("annotations").GetProperty(ApplySetLabels.LastSyncedCommit).GetString());
        Assert.Equal(4, (await bed.Statuses.GetAsync("web"))!.Created);
    }

    [Fact]
    public async Task ManualSync_OfAnAppInSync_ReportsEveryObjectUnchanged()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(3);
        await bed.Repo.CommitAsync("three config maps");
        await bed.RunAsync(bed.Job());
        var edit = await bed.Sim.KubectlAsync("patch", "configmap", "cm-001", "-n", "web", "--type", "merge", "-p", """{"data":{"key":"edited"}}""");
        Assert.Equal(0, edit.ExitCode);
        var manual = bed.Job(SyncReason.Manual);

        await bed.RunAsync(manual);

        var status = (await bed.Statuses.GetAsync("web"))!;
        Assert.Equal((0, 1, 3), (status.Created, status.Configured, status.Unchanged));
        Assert.StartsWith("0 created, 1 configured, 0 pruned, 3 unchanged", bed.Records.Records[manual.JobId].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_AppWithAHorizontalPodAutoscaler_BecomesHealthy()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.Repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        bed.Repo.Write("apps/web/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: web }
            spec:
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec: { containers: [{ name: web, image: "nginx:1.27", resources: { requests: { cpu: 100m } } }] }
            """);
        bed.Repo.Write("apps/web/hpa.yaml", """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: web }
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
              minReplicas: 2
              maxReplicas: 5
              metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }]
            """);
        await bed.Repo.CommitAsync("web with an autoscaler");
        var job = bed.Job();

        await bed.RunAsync(job);

        var status = (await bed.Statuses.GetAsync("web"))!;
        Assert.True(status.Health == "Healthy", $"{status.Health}: {status.Summary}");
        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
    }

    [Fact]
    public async Task Push_OneOf200Changed_ExactlyOneApplyAndBoundedReads()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(200);
        await bed.Repo.CommitAsync("200");
        await bed.RunAsync(bed.Job());
        bed.WriteConfigMaps(200, firstValue: "changed");
        await bed.Repo.CommitAsync("one change");
        bed.Sim.Server.Requests.Reset();

        await bed.RunAsync(bed.Job());

        var requests = bed.Sim.Server.Requests;
        Assert.Equal(1, requests.Count("apply"));
        var reads = requests.Count("get") + requests.Count("list") + requests.Count("discovery");
        const int kinds = 2;
        Assert.True(reads <= kinds + 2, $"reads {reads}: {string.Join(", ", requests.Counters.Select(c => $"{c.Key}={c.Value}"))}");
        Assert.Equal("changed", (await GetAsync(bed, "configmap", "cm-000"))!.Value.GetProperty("data").GetProperty("key").GetString());
    }

    [Fact]
    public async Task Push_FileRemoved_PrunesItsObject_EmptyRenderPrunesNothing()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(3);
        await bed.Repo.CommitAsync("three");
        await bed.RunAsync(bed.Job());
        bed.Repo.Delete("apps/web/cm-002.yaml");
        await bed.Repo.CommitAsync("remove one");

        await bed.RunAsync(bed.Job());

        Assert.Null(await GetAsync(bed, "configmap", "cm-002"));
        Assert.NotNull(await GetAsync(bed, "configmap", "cm-001"));
        Assert.Equal(1, (await bed.Statuses.GetAsync("web"))!.Pruned);

        foreach (var file in Directory.GetFiles(Path.Combine(bed.Repo.WorkTree, "apps", "web")))
        {
            File.Delete(file);
        }

        bed.Repo.Write("apps/web/README.md", "nothing here\n");
        await bed.Repo.CommitAsync("empty");
        bed.Sim.Server.Requests.Reset();
        var job = bed.Job();

        await bed.RunAsync(job);

        Assert.Equal(0, bed.Sim.Server.Requests.Count("delete"));
        Assert.NotNull(await GetAsync(bed, "configmap", "cm-001"));
        var record = bed.Records.Records[job.JobId];
        Assert.Contains("no objects", (record.Summary ?? "") + (record.Error ?? ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DuplicateAndOutOfOrderJobs_ConvergeOnHead()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(2, firstValue: "one");
        var first = await bed.Repo.CommitAsync("one");
        bed.WriteConfigMaps(2, firstValue: "two");
        var head = await bed.Repo.CommitAsync("two");
        var late = bed.Job(hint: first);

        await bed.RunAsync(bed.Job(hint: head));
        await bed.RunAsync(late);
        await bed.RunAsync(late);

        Assert.Equal("two", (await GetAsync(bed, "configmap", "cm-000"))!.Value.GetProperty("data").GetProperty("key").GetString());
        Assert.Equal(head, bed.Records.Records[late.JobId].Commit);
    }

    [Fact]
    public async Task KubectlApplySet_RecognisesOurParent()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(2);
        await bed.Repo.CommitAsync("two");
        await bed.RunAsync(bed.Job());
        var manifest = bed.Sim.WriteFile("cm.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n---\n" + SyncTestbed.ConfigMapYaml("cm-000", "v"));

        var result = await bed.Sim.KubectlAsync(
            ["apply", "--prune", "--applyset=secret/applyset-web", "-n", "web", "--server-side", "--validate=false", "-f", manifest],
            environment: new Dictionary<string, string> { ["KUBECTL_APPLYSET"] = "true" });

        // kubectl found the parent and read its tooling annotation: it refuses to take over another tool's set.
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(result.StandardError.Contains("managed by tooling \"gitops-functions\"", StringComparison.Ordinal), result.StandardError);

        // Handed over to kubectl, the same parent works as-is: kubectl computes the same id, reads our kinds and prunes our member.
        (await bed.Sim.KubectlAsync("annotate", "secret", "applyset-web", "-n", "web", "--overwrite", $"{ApplySetLabels.Tooling}=kubectl/v1.32.0")).EnsureSuccess();
        var handedOver = await bed.Sim.KubectlAsync(
            ["apply", "--prune", "--applyset=secret/applyset-web", "-n", "web", "--server-side", "--validate=false", "-f", manifest],
            environment: new Dictionary<string, string> { ["KUBECTL_APPLYSET"] = "true" });
        Assert.True(handedOver.ExitCode == 0, handedOver.StandardError);
        Assert.Contains("configmap/cm-001 pruned", handedOver.StandardOutput, StringComparison.Ordinal);
        Assert.Null(await GetAsync(bed, "configmap", "cm-001"));
    }

    [Fact]
    public async Task FaultsDuringApplyAndPrune_ConvergeWithoutWrongfulDeletes()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(20);
        bed.Repo.Write("apps/web/keep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n  annotations:\n    gitops-functions.io/prune: disabled\ndata:\n  k: v\n");
        await bed.Repo.CommitAsync("twenty");
        await bed.RunAsync(bed.Job());
        bed.WriteConfigMaps(10, firstValue: "after");
        for (var i = 10; i < 20; i++)
        {
            bed.Repo.Delete($"apps/web/cm-{i:D3}.yaml");
        }

        bed.Repo.Delete("apps/web/keep.yaml");
        await bed.Repo.CommitAsync("ten");
        bed.Sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Verb = "apply", Probability = 0.5, MaxCount = 6 });
        bed.Sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, Verb = "list", Probability = 0.5, MaxCount = 3 });
        bed.Sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Abort, Verb = "delete", Probability = 0.3, MaxCount = 3 });
        bed.Sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Verb = "delete", Probability = 0.3, MaxCount = 3 });
        var job = bed.Job();

        // The queue redelivers while the runner says Retry.
        var attempt = 1;
        while ((await bed.DeliverAsync(job, attempt, maxAttempts: 10)).Action == MessageAction.Retry && attempt < 10)
        {
            attempt++;
        }

        bed.Sim.Server.Faults.Clear();
        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        var list = await bed.Sim.KubectlAsync("get", "configmaps", "-n", "web", "-o", "name");
        var names = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Replace("configmap/", "", StringComparison.Ordinal)).Where(n => n.StartsWith("cm-", StringComparison.Ordinal) || n == "keep").Order(StringComparer.Ordinal).ToList();
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"cm-{i:D3}"), "keep"], names);
        Assert.Equal("after", (await GetAsync(bed, "configmap", "cm-000"))!.Value.GetProperty("data").GetProperty("key").GetString());
        Assert.Equal(SyncResult.Succeeded, (await bed.Statuses.GetAsync("web"))!.Result);
    }
}
