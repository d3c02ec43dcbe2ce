using System.Text.Json;
using GitOps.Engine.Inventory;
using GitOps.Engine.Jobs;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>
/// Kinds that leave Git are listed at the version discovery prefers, never at a guessed one: members of a CRD served only
/// at v1beta1 are pruned; a kind that cannot be listed while its CRD exists fails the sync without pruning anything; a
/// kind whose CRD is gone is reported and dropped from the parent.
/// </summary>
public sealed class RemovedKindsTests
{
    private const string WidgetFile = "apps/web/widget.yaml";

    private static string Crd(string version) => $"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
          versions:
          - name: {version}
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;

    private static string Widget(string version) => $"""
        apiVersion: example.com/{version}
        kind: Widget
        metadata:
          name: gizmo
        spec:
          size: 3
        """;

    [Fact]
    public async Task WidgetLeavesGit_CrdServedOnlyAtV1beta1_IsPruned()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(1);
        bed.Repo.Write("apps/web/crd.yaml", Crd("v1beta1"));
        bed.Repo.Write(WidgetFile, Widget("v1beta1"));
        await bed.Repo.CommitAsync("a widget");
        await bed.RunAsync(bed.Job());
        Assert.NotNull(await WidgetAsync(bed));
        bed.Repo.Delete(WidgetFile);
        await bed.Repo.CommitAsync("no widget");
        var job = bed.Job();

        await bed.RunAsync(job);

        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        Assert.Null(await WidgetAsync(bed));
        Assert.DoesNotContain("Widget.example.com", await ParentKindsAsync(bed));
    }

    [Fact]
    public async Task KindNotServedWhileItsCrdExists_FailsThePruneAndKeepsTheKind()
    {
        await using var bed = await SyncTestbed.StartAsync();
        await KubectlApplyAsync(bed, Crd("v1beta1"));
        bed.WriteConfigMaps(2);
        bed.Repo.Write(WidgetFile, Widget("v1beta1"));
        await bed.Repo.CommitAsync("a widget");
        await bed.RunAsync(bed.Job());
        Assert.NotNull(await WidgetAsync(bed));
        var unserve = await bed.Sim.KubectlAsync("patch", "crd", "widgets.example.com", "--type=json", "-p", """[{"op":"replace","path":"/spec/versions/0/served","value":false}]""");
        Assert.Equal(0, unserve.ExitCode);
        bed.Repo.Delete(WidgetFile);
        bed.Repo.Delete("apps/web/cm-001.yaml");
        await bed.Repo.CommitAsync("no widget, one config map less");
        var job = bed.Job();

        await bed.RunAsync(job);

        var record = bed.Records.Records[job.JobId];
        Assert.Equal(JobState.Failed, record.State);
        Assert.Contains("Widget.example.com", record.Error, StringComparison.Ordinal);
        Assert.Equal(0, bed.Sim.Server.Requests.Count("delete"));
        Assert.Contains("Widget.example.com", await ParentKindsAsync(bed));
    }

    [Fact]
    public async Task KindWhoseCrdIsGone_IsReportedAndDroppedFromTheParent()
    {
        await using var bed = await SyncTestbed.StartAsync();
        await KubectlApplyAsync(bed, Crd("v1beta1"));
        bed.WriteConfigMaps(1);
        bed.Repo.Write(WidgetFile, Widget("v1beta1"));
        await bed.Repo.CommitAsync("a widget");
        await bed.RunAsync(bed.Job());
        Assert.Equal(0, (await bed.Sim.KubectlAsync("delete", "crd", "widgets.example.com")).ExitCode);
        bed.Repo.Delete(WidgetFile);
        await bed.Repo.CommitAsync("no widget");
        var job = bed.Job();

        await bed.RunAsync(job);

        var record = bed.Records.Records[job.JobId];
        Assert.Equal(JobState.Succeeded, record.State);
        Assert.Contains("Widget.example.com is no longer served and no CustomResourceDefinition defines it", record.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Widget.example.com", await ParentKindsAsync(bed));
    }

    private static async Task KubectlApplyAsync(SyncTestbed bed, string yaml)
    {
        var result = await bed.Sim.KubectlAsync(["apply", "--server-side", "--validate=false", "-f", bed.Sim.WriteFile("crd.yaml", yaml)]);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    private static async Task<JsonElement?> WidgetAsync(SyncTestbed bed)
    {
        var result = await bed.Sim.KubectlAsync("get", "widgets.example.com", "gizmo", "-n", "web", "-o", "json", "--ignore-not-found");
        Assert.True(result.ExitCode == 0, result.StandardError);
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? null : JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private static async Task<string> ParentKindsAsync(SyncTestbed bed)
    {
        var result = await bed.Sim.KubectlAsync("get", "secret", "applyset-web", "-n", "web", "-o", "json");
        Assert.True(result.ExitCode == 0, result.StandardError);
        return JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("metadata").GetProperty("annotations")
            .GetProperty(ApplySetLabels.ContainsGroupKinds).GetString() ?? "";
    }
}
