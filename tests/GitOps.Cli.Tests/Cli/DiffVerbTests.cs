using System.Text.Json;
using GitOps.Engine.Inventory;
using GitOps.Cli;
using GitOps.Testing.Git;
using GitOps.Testing.KubeSim;

namespace GitOps.Cli.Tests.Cli;

/// <summary>`gitops diff` over a real git source and the Kubernetes API simulator: missing objects, no difference, masked Secrets.</summary>
public sealed class DiffVerbTests : IDisposable
{
    private const string AppYaml = """
        apiVersion: gitops-functions.io/v1
        kind: App
        metadata:
          name: web
        spec:
          path: apps/web
          cluster: sim
          namespace: demo
        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: demo
        data:
          greeting: hello
        """;

    private const string Secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-secret
          namespace: demo
        stringData:
          password: s3cr3t-from-git
        """;

    private readonly TempFolder temp = new();

    [Fact]
    public async Task Diff_MissingThenApplied_ExitsOneThenZeroAndMasksSecrets()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var daemon = GitDaemon.Start(Path.Combine(temp.Path, "served"));
        daemon.CreateRepository("repo").Write(".gitops/web.yaml", AppYaml).Write("apps/web/configmap.yaml", ConfigMap).Write("apps/web/secret.yaml", Secret).Commit("app");
        var settings = new Dictionary<string, string?>
        {
            ["GitOps:Sources:platform:Url"] = daemon.UrlOf("repo"),
            ["GitOps:Clusters:sim:Kubeconfig"] = sim.KubeconfigPath,
        };

        var missing = await CliRun.RunAsync(settings, "diff", "web");
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n"))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", sim.WriteFile("cm.yaml", ConfigMap))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", sim.WriteFile("secret.yaml", Secret.Replace("s3cr3t-from-git", "other-live-value", StringComparison.Ordinal)))).EnsureSuccess();
        var changed = await CliRun.RunAsync(settings, "diff", "web", "-o", "json");
        (await sim.KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", sim.WriteFile("secret2.yaml", Secret))).EnsureSuccess();
        var same = await CliRun.RunAsync(settings, "diff", "web");
        var unknown = await CliRun.RunAsync(settings, "diff", "nope");

        Assert.True(missing.Exit == ExitCodes.Failure, missing.Error);
        Assert.Contains("2 object(s) differ", missing.Output, StringComparison.Ordinal);
        Assert.Contains("+  greeting: hello", missing.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-from-git", missing.Output, StringComparison.Ordinal);
        Assert.True(changed.Exit == ExitCodes.Failure, changed.Error);
        using var doc = JsonDocument.Parse(changed.Output);
        var diff = Assert.Single(doc.RootElement.GetProperty("diffs").EnumerateArray());
        Assert.Equal("Secret/demo/web-secret", diff.GetProperty("object").GetString());
        Assert.DoesNotContain("other-live-value", changed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-from-git", changed.Output, StringComparison.Ordinal);
        Assert.True(same.Exit == ExitCodes.Ok, same.Output + same.Error);
        Assert.Contains("0 object(s) differ", same.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, unknown.Exit);
        Assert.Contains("app 'nope' not found; known apps: web", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_MembersThatLeftGit_ListedAsPrunesOrKeptWithTheSyncsRules()
    {
        await using var sim = await KubeSimInstance.StartAsync();
        using var daemon = GitDaemon.Start(Path.Combine(temp.Path, "served"));
        var repo = daemon.CreateRepository("repo");
        repo.Write(".gitops/web.yaml", AppYaml).Write("apps/web/configmap.yaml", ConfigMap).Commit("app");
        var settings = new Dictionary<string, string?>
        {
            ["GitOps:Sources:platform:Url"] = daemon.UrlOf("repo"),
            ["GitOps:Clusters:sim:Kubeconfig"] = sim.KubeconfigPath,
        };
        var parent = new ApplySetParent { Name = ApplySetParent.NameFor("web"), Namespace = "demo", GroupKinds = new SortedSet<string>(["ConfigMap"], StringComparer.Ordinal) };
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n"))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("parent.json", ApplySetParentCodec.ToSecret(parent, "web").ToJsonString()))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("cm.yaml", ConfigMap.Replace("namespace: demo", $"namespace: demo\n  labels:\n    {ApplySetLabels.PartOf}: {parent.Id}", StringComparison.Ordinal)))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("old.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-config\n  namespace: demo\n  labels:\n    {ApplySetLabels.PartOf}: {parent.Id}\n"))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("kept.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept-config\n  namespace: demo\n  labels:\n    {ApplySetLabels.PartOf}: {parent.Id}\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=false\n"))).EnsureSuccess();
        (await sim.KubectlAsync("apply", "--server-side", "-f", sim.WriteFile("stranger.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stranger\n  namespace: demo\n"))).EnsureSuccess();

        var result = await CliRun.RunAsync(settings, "diff", "web");
        sim.Server.Requests.Reset();
        var json = await CliRun.RunAsync(settings, "diff", "web", "-o", "json");
        var (gets, lists) = (sim.Server.Requests.Count("get"), sim.Server.Requests.Count("list"));
        repo.Write(".gitops/web.yaml", AppYaml + "\n  prune: false\n").Commit("prune off");
        var pruneOff = await CliRun.RunAsync(settings, "diff", "web");

        Assert.True(result.Exit == ExitCodes.Failure, result.Output + result.Error);
        Assert.Contains("0 object(s) differ, 1 would be pruned", result.Output, StringComparison.Ordinal);
        Assert.Contains("prune: ConfigMap/demo/old-config", result.Output, StringComparison.Ordinal);
        Assert.Contains("keep:  ConfigMap/demo/kept-config: not pruned (", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("stranger", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("web-config", result.Output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal((1, 1), (gets, lists)); // the parent Secret, then one LIST of the ConfigMap members: no GET for web-config, a member
        Assert.Equal(
            ["ConfigMap/demo/old-config=delete", "ConfigMap/demo/kept-config=keep"],
            doc.RootElement.GetProperty("prune").EnumerateArray().Select(e => $"{e.GetProperty("object").GetString()}={e.GetProperty("action").GetString()}"));
        Assert.True(pruneOff.Exit == ExitCodes.Ok, pruneOff.Output + pruneOff.Error);
        Assert.Contains("keep:  ConfigMap/demo/old-config: prune is disabled for this app", pruneOff.Output, StringComparison.Ordinal);
        Assert.Contains("note: prune is disabled for this app", pruneOff.Output, StringComparison.Ordinal);
        (await sim.KubectlAsync("get", "configmap", "old-config", "-n", "demo")).EnsureSuccess(); // a preview deletes nothing
    }

    public void Dispose() => temp.Dispose();
}
