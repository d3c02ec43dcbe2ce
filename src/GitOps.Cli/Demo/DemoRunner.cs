using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Cli.Serve;
using GitOps.Functions.Hosting;
using GitOps.KubeSim;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Cli.Demo;

/// <summary>`gitops demo`: Azurite, the engine (standalone), a local Git repository and the API simulator; a push, a sync, drift healed, a prune.</summary>
internal sealed class DemoRunner(TextWriter output, string azurite, string workDirectory, TimeSpan stepTimeout)
{
    private const string Repository = "demo/web";
    private static readonly GroupVersionKind ConfigMap = new("", "v1", "ConfigMap");
    private static readonly GroupVersionKind Service = new("", "v1", "Service");
    private static readonly GroupVersionKind Deployment = new("apps", "v1", "Deployment");

    /// <summary>Runs every step; with <paramref name="interactive"/>, keeps the stack running until cancelled.</summary>
    public async Task<int> RunAsync(bool interactive, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        await Say("GitOps Functions demo");
        await Say("  Kubernetes cluster: SIMULATED — the built-in Kubernetes API simulator (no real cluster is configured).");
        await Say($"  Work folder: {workDirectory}");

        await using var storage = await AzuriteProcess.StartAsync(azurite, cancellationToken);
        await Say("[1/6] Azurite (queues and tables) started on loopback.");
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions(), cancellationToken);
        var kubeconfig = Path.Combine(workDirectory, "simulator.kubeconfig");
        sim.WriteKubeconfig(kubeconfig);
        await Say($"[2/6] Kubernetes API simulator (SIMULATED cluster) at {sim.BaseUri} — kubeconfig {kubeconfig}");
        var repo = await DemoRepository.CreateAsync(workDirectory, cancellationToken);
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var apiToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var port = AzuriteProcess.FreePort();

        var builder = ServeHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["GitOps:Serve:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["GitOps:Serve:HostId"] = "gitops-demo",
            ["GitOps:Sources:demo:Url"] = repo.Origin,
            ["GitOps:Sources:demo:Branch"] = "main",
            ["GitOps:Sources:demo:Provider"] = "github",
            ["GitOps:Sources:demo:Repository"] = Repository,
            ["GitOps:Sources:demo:WebhookSecrets:0"] = secret,
            ["GitOps:Api:Token"] = apiToken,
            ["GitOps:Clusters:sim:Auth"] = "kubeconfig",
            ["GitOps:Clusters:sim:Kubeconfig"] = kubeconfig,
            ["GitOps:Git:CacheDirectory"] = Path.Combine(workDirectory, "git-cache"),
            ["GitOps:Sync:ResumeDelay"] = "00:00:01",
            ["GitOps:DriftSchedule"] = "0 0 0 1 1 *", // the demo sweeps on cue; the timer itself is shown in the README
        });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        await using var app = ServeHost.Build(builder);
        StartupValidation.ValidateAll(app.Services);
        await app.StartAsync(cancellationToken);
        var engine = new Uri($"http://127.0.0.1:{port}/");
        await Say($"[3/6] Engine (gitops serve: Kestrel + WebJobs SDK triggers) at {engine} (webhook: {engine}api/webhooks/github)");
        if (app.Services.GetServices<IHttpFunction>().Any(f => f.Name == "dashboard"))
        {
            await Say($"      Dashboard: {engine}api/ui (sign in with the API token {apiToken})");
        }

        var jobs = app.Services.GetRequiredService<IJobStore>();
        var client = app.Services.GetRequiredService<IKubernetesClientFactory>().GetClient("sim");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ok = true;

        // Step 4: a push becomes a running deployment.
        ok &= await PushAndSyncAsync("[4/6] Push the example app (Deployment, Service, ConfigMap; Kustomize overlay)", "add the web app", http, engine, secret, repo, jobs, cancellationToken);
        foreach (var (gvk, name) in new (GroupVersionKind, string)[] { (Deployment, "web"), (Service, "web"), (ConfigMap, "web-config") })
        {
            var live = await client.GetAsync(gvk, "demo", name, cancellationToken);
            await Say($"      {gvk.Kind}/demo/{name}: {(live is null ? "MISSING" : "live, managed by gitops-functions")}");
            ok &= live is not null;
        }

        if (!ok)
        {
            return await FinishAsync(false, interactive, app, storage.ConnectionString, kubeconfig, cancellationToken);
        }

        // Step 5: drift behind the engine's back, found and healed by a sweep.
        await client.MergePatchAsync(ConfigMap, "demo", "web-config", new JsonObject { ["data"] = new JsonObject { ["GREETING"] = "edited by hand" } }, cancellationToken: cancellationToken);
        await Say("[5/6] Someone edits ConfigMap demo/web-config by hand (GREETING=\"edited by hand\"); the drift sweep runs:");
        var report = (await app.Services.GetRequiredService<DriftSweeper>().SweepAllAsync(cancellationToken)).Single();
        foreach (var finding in report.Findings)
        {
            await Say($"      drift: {finding}");
        }

        await Say($"      action: {report.Action}");
        ok &= report.JobId is { } healJob && await WaitForJobAsync(jobs, healJob, cancellationToken);
        var healed = (await client.GetAsync(ConfigMap, "demo", "web-config", cancellationToken))?["data"]?["GREETING"]?.GetValue<string>();
        await Say($"      healed: GREETING=\"{healed}\"");
        ok &= healed == "hello from git";
        if (!ok)
        {
            return await FinishAsync(false, interactive, app, storage.ConnectionString, kubeconfig, cancellationToken);
        }

        // Step 6: a file leaves Git, its object is pruned.
        File.Delete(Path.Combine(repo.WorkTree, "apps/web/base/service.yaml"));
        var kustomization = Path.Combine(repo.WorkTree, "apps/web/base/kustomization.yaml");
        await File.WriteAllTextAsync(kustomization, (await File.ReadAllTextAsync(kustomization, cancellationToken)).Replace("  - service.yaml\n", "", StringComparison.Ordinal), cancellationToken);
        ok &= await PushAndSyncAsync("[6/6] Remove service.yaml from Git and push", "remove the service", http, engine, secret, repo, jobs, cancellationToken);
        var service = await client.GetAsync(Service, "demo", "web", cancellationToken);
        await Say($"      Service/demo/web: {(service is null ? "pruned" : "STILL PRESENT")}");
        ok &= service is null;

        return await FinishAsync(ok, interactive, app, storage.ConnectionString, kubeconfig, cancellationToken);
    }

    private async Task<int> FinishAsync(bool ok, bool interactive, WebApplication app, string connectionString, string kubeconfig, CancellationToken cancellationToken)
    {
        await Say("");
        await Say("Inspect what happened:");
        await Say($"  gitops jobs   --storage \"{connectionString}\"");
        await Say($"  gitops status --storage \"{connectionString}\"");
        await Say($"  kubectl --kubeconfig {kubeconfig} get deployments,services,configmaps -n demo");
        await Say("  Queues gitops-sync and gitops-sync-poison and tables GitOpsJobs and GitOpsApps are in Azurite (Storage Explorer: the connection string above).");
        await Say(ok ? "Demo finished: every step succeeded." : "Demo finished with FAILED steps (see above).");
        if (interactive && ok)
        {
            await Say("The stack keeps running; press Ctrl+C to stop everything.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await Say("Stopping.");
            }
        }

        await app.StopAsync(CancellationToken.None);
        return ok ? 0 : 1;
    }

    private async Task<bool> PushAndSyncAsync(string title, string message, HttpClient http, Uri engine, string secret, DemoRepository repo, IJobStore jobs, CancellationToken cancellationToken)
    {
        await Say(title);
        var (before, after) = await repo.CommitAndPushAsync(message, cancellationToken);
        var changed = await repo.ChangedPathsAsync(before, after, cancellationToken);
        var (status, body) = await DemoWebhook.SendPushAsync(http, engine, secret, Repository, before, after, changed, cancellationToken);
        await Say($"      signed GitHub push webhook for {after[..12]} -> HTTP {status} {body}");
        if (status != 202)
        {
            return false;
        }

        var ids = JsonNode.Parse(body)?["jobs"]?.AsArray().Select(j => j!.GetValue<string>()).ToList() ?? [];
        var all = true;
        foreach (var id in ids)
        {
            all &= await WaitForJobAsync(jobs, id, cancellationToken);
        }

        return all && ids.Count > 0;
    }

    private async Task<bool> WaitForJobAsync(IJobStore jobs, string jobId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(stepTimeout);
        JobState? last = null;
        try
        {
            while (true)
            {
                var record = await jobs.GetAsync(jobId, timeout.Token);
                if (record is not null && record.State != last)
                {
                    last = record.State;
                    await Say($"      job {jobId}: {record.State}{(record.Summary is null ? "" : " — " + record.Summary)}{(record.Error is null ? "" : " — " + record.Error)}");
                }

                if (record?.State is JobState.Succeeded)
                {
                    return true;
                }

                if (record is not null && record.State.IsFinal())
                {
                    return false;
                }

                await Task.Delay(250, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Say($"      job {jobId}: no result within {stepTimeout.TotalSeconds:0} s");
            return false;
        }
    }

    private Task Say(string line) => output.WriteLineAsync(line);
}
