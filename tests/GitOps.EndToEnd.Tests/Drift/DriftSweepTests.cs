using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;

namespace GitOps.EndToEnd.Tests.Drift;

public sealed class DriftSweepTests
{
    private static async Task<JsonElement?> GetAsync(DriftTestbed bed, string kind, string name)
    {
        var result = await bed.Sync.Sim.KubectlAsync("get", kind, name, "-n", "web", "-o", "json", "--ignore-not-found");
        Assert.Equal(0, result.ExitCode);
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? null : JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private static async Task<string?> ConfigMapValueAsync(DriftTestbed bed, string name) =>
        (await GetAsync(bed, "configmap", name))?.GetProperty("data").GetProperty("key").GetString();

    private static async Task KubectlOkAsync(DriftTestbed bed, params string[] args)
    {
        var result = await bed.Sync.Sim.KubectlAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {result.StandardError}");
    }

    /// <summary>Runs the heal job the sweep enqueued through the real sync handler.</summary>
    private static async Task<SyncJob> RunHealAsync(DriftTestbed bed)
    {
        var job = Assert.Single(bed.TakeEnqueued());
        Assert.Equal(SyncReason.Drift, job.Reason);
        await bed.Sync.RunAsync(job);
        bed.TakeEnqueued();
        return job;
    }

    [Fact]
    public async Task Sweep_NoDrift_FiveKinds200Objects_OneListPerKindAndNoDryRun()
    {
        await using var bed = await DriftTestbed.StartAsync();
        var repo = bed.Sync.Repo;
        repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        for (var i = 0; i < 50; i++)
        {
            repo.Write($"apps/web/cm-{i:D2}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:D2}\ndata:\n  key: \"v\"\n  replicas: \"3\"\n");
            repo.Write($"apps/web/secret-{i:D2}.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s-{i:D2}\ntype: Opaque\ndata:\n  password: {Convert.ToBase64String(Encoding.UTF8.GetBytes($"p{i}"))}\n");
            repo.Write($"apps/web/sa-{i:D2}.yaml", $"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-{i:D2}\n");
            if (i < 49)
            {
                repo.Write($"apps/web/svc-{i:D2}.yaml", $"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i:D2}\nspec:\n  selector:\n    app: a{i}\n  ports:\n    - port: 80\n      targetPort: \"8080\"\n    - name: metrics\n      port: 9090\n      protocol: TCP\n");
            }
        }

        await bed.CommitAndSyncAsync("200 objects of 5 kinds");
        bed.Sync.Sim.Server.Requests.Reset();

        var report = await bed.SweepAsync();

        Assert.Equal(DriftState.InSync, report.State);
        Assert.Equal(200, report.Compared);
        var requests = bed.Sync.Sim.Server.Requests;
        Assert.Equal(5, requests.Count("list"));
        Assert.Equal(0, requests.Count("apply"));
        Assert.Empty(bed.TakeEnqueued());
    }

    [Fact]
    public async Task Sweep_ChangedByAnotherManager_FoundWithPathAndManager_HealedByDriftSync()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(3);
        await bed.CommitAndSyncAsync("three");
        await KubectlOkAsync(bed, "patch", "configmap", "cm-001", "-n", "web", "--type=merge", "-p", "{\"data\":{\"key\":\"edited\"}}");

        var report = await bed.SweepAsync();

        Assert.Equal(DriftState.Drifted, report.State);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKind.Modified, finding.Kind);
        Assert.Equal("cm-001", finding.Object.Name);
        var field = Assert.Single(finding.Fields);
        Assert.Contains("key", field.Path, StringComparison.Ordinal);
        Assert.Equal("\"v\"", field.Desired?.ToJsonString());
        Assert.Equal("\"edited\"", field.Live?.ToJsonString());
        Assert.Equal("kubectl-patch", field.Manager);

        bed.Sync.Sim.Server.Requests.Reset();
        var heal = await RunHealAsync(bed);

        Assert.Equal([finding.Object.Key], heal.Objects);
        Assert.Equal(heal.JobId, report.JobId);
        Assert.Equal(1, bed.Sync.Sim.Server.Requests.Count("apply", "configmaps"));
        Assert.Equal("v", await ConfigMapValueAsync(bed, "cm-001"));
        Assert.Equal(DriftState.InSync, (await bed.SweepAsync()).State);
    }

    [Fact]
    public async Task Sweep_DeletedObject_ReportedMissingAndRecreated()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(2);
        await bed.CommitAndSyncAsync("two");
        await KubectlOkAsync(bed, "delete", "configmap", "cm-000", "-n", "web");

        var report = await bed.SweepAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKind.Missing, finding.Kind);
        await RunHealAsync(bed);
        Assert.Equal("v", await ConfigMapValueAsync(bed, "cm-000"));
    }

    [Fact]
    public async Task Sweep_ExtraLabelledObject_ReportedAndPrunedByHeal()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(2);
        await bed.CommitAndSyncAsync("two");
        var partOf = Engine.Inventory.ApplySetId.ForSecret("applyset-web", "web");
        var path = bed.Sync.Sim.WriteFile("extra.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n  namespace: web\n  labels:\n    applyset.kubernetes.io/part-of: {partOf}\ndata:\n  a: b\n");
        await KubectlOkAsync(bed, "apply", "--server-side", "--validate=false", "-f", path);

        var report = await bed.SweepAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKind.Extra, finding.Kind);
        Assert.Equal("stray", finding.Object.Name);
        await RunHealAsync(bed);
        Assert.Null(await GetAsync(bed, "configmap", "stray"));
        Assert.NotNull(await GetAsync(bed, "configmap", "cm-001"));
    }

    [Fact]
    public async Task Sweep_ExtraObjectWithPruneOptOut_KeptWithoutCountingAsDrift()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(1);
        await bed.CommitAndSyncAsync("one");
        var partOf = Engine.Inventory.ApplySetId.ForSecret("applyset-web", "web");
        var path = bed.Sync.Sim.WriteFile("keep.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep-me\n  namespace: web\n  labels:\n    applyset.kubernetes.io/part-of: {partOf}\n  annotations:\n    gitops-functions.io/prune: disabled\ndata:\n  a: b\n");
        await KubectlOkAsync(bed, "apply", "--server-side", "--validate=false", "-f", path);

        var report = await bed.SweepAsync();

        Assert.Equal(DriftState.InSync, report.State);
        Assert.Empty(report.Findings);
        Assert.Contains("1 object(s) no longer in Git kept by their prune opt-out", report.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("conflict", report.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(bed.TakeEnqueued());
        Assert.NotNull(await GetAsync(bed, "configmap", "keep-me"));
    }

    [Fact]
    public async Task Sweep_ListFails_ReportsErrorAndConcludesNothing()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(2);
        await bed.CommitAndSyncAsync("two");
        await KubectlOkAsync(bed, "delete", "configmap", "cm-000", "-n", "web");
        bed.Sync.Sim.Server.Faults.Add(new GitOps.KubeSim.Faults.FaultRule { Kind = GitOps.KubeSim.Faults.FaultKind.InternalError, Verb = "list", Resource = "configmaps" });

        var report = await bed.SweepAsync();

        Assert.Equal(DriftState.Error, report.State);
        Assert.Contains("ConfigMap", report.Error, StringComparison.Ordinal);
        Assert.Empty(report.Findings);
        Assert.Empty(bed.TakeEnqueued());
    }

    [Fact]
    public async Task Sweep_DetectOnlyApp_ReportsAndLeavesClusterAlone()
    {
        await using var bed = await DriftTestbed.StartAsync("driftMode: detect");
        bed.Sync.WriteConfigMaps(2);
        await bed.CommitAndSyncAsync("two");
        await KubectlOkAsync(bed, "patch", "configmap", "cm-000", "-n", "web", "--type=merge", "-p", "{\"data\":{\"key\":\"hand-edit\"}}");
        bed.Sync.Sim.Server.Requests.Reset();

        var report = await bed.SweepAsync();

        Assert.Equal(DriftState.Drifted, report.State);
        Assert.Equal(DriftKind.Modified, Assert.Single(report.Findings).Kind);
        Assert.Contains("detect-only", report.Action, StringComparison.Ordinal);
        Assert.Empty(bed.TakeEnqueued());
        Assert.Equal(0, bed.Sync.Sim.Server.Requests.Entries.Count(r => r.Verb is "apply" or "patch" or "update" or "delete" or "create" && !r.DryRun));
        Assert.Equal("hand-edit", await ConfigMapValueAsync(bed, "cm-000"));
    }

    [Fact]
    public async Task Sweep_HeadMovedWithoutWebhook_EnqueuesOnePollSync()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(1);
        await bed.CommitAndSyncAsync("one");
        bed.Sync.WriteConfigMaps(2);
        var head = await bed.Sync.Repo.CommitAsync("pushed, webhook lost");

        var first = await bed.SweepAsync();
        var second = await bed.SweepAsync();

        Assert.Equal(DriftState.SyncPending, first.State);
        Assert.Equal(head, first.Commit);
        var job = Assert.Single(bed.TakeEnqueued());
        Assert.Equal(SyncReason.Poll, job.Reason);
        Assert.Equal(job.JobId, first.JobId);
        Assert.Equal(job.JobId, second.JobId);
        Assert.Equal(head, job.CommitHint);
        Assert.Equal(DriftState.SyncPending, second.State);
        await bed.Sync.RunAsync(job);
        bed.TakeEnqueued();
        Assert.NotNull(await GetAsync(bed, "configmap", "cm-001"));
        Assert.Equal(DriftState.InSync, (await bed.SweepAsync()).State);
    }

    [Fact]
    public async Task Sweep_UndoneRightAfterEachHeal_ReportedAsConflictInsteadOfLooping()
    {
        await using var bed = await DriftTestbed.StartAsync();
        bed.Sync.WriteConfigMaps(1);
        await bed.CommitAndSyncAsync("one");

        for (var round = 0; round < 2; round++)
        {
            await KubectlOkAsync(bed, "patch", "configmap", "cm-000", "-n", "web", "--type=merge", "-p", "{\"data\":{\"key\":\"operator-" + round.ToString(CultureInfo.InvariantCulture) + "\"}}");
            Assert.Equal(DriftKind.Modified, Assert.Single((await bed.SweepAsync()).Findings).Kind);
            await RunHealAsync(bed);
        }

        await KubectlOkAsync(bed, "patch", "configmap", "cm-000", "-n", "web", "--type=merge", "-p", "{\"data\":{\"key\":\"operator-again\"}}");
        var report = await bed.SweepAsync();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(DriftKind.Conflict, finding.Kind);
        Assert.Contains("another controller", finding.Message, StringComparison.Ordinal);
        Assert.Empty(bed.TakeEnqueued());
        Assert.Equal("operator-again", await ConfigMapValueAsync(bed, "cm-000"));
    }
}
