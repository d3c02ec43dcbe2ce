using GitOps.EndToEnd.Tests.Support;
using GitOps.Engine.Jobs;
using GitOps.KubeSim.Faults;
using GitOps.Storage;
using GitOps.Storage.Jobs;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.KubeSim;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>At-least-once delivery for real: `gitops serve` killed in the middle of a sync, a second instance finishes the job.</summary>
public sealed class SyncHostKilledTests
{
    [Fact]
    public async Task Serve_KilledMidSync_AnotherInstanceResumesAfterVisibilityTimeout()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var sim = await KubeSimInstance.StartAsync();
        await using var repo = await GitDaemonRepo.StartAsync();
        repo.Write(".gitops/web.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: { name: web }\nspec:\n  path: apps/web\n  cluster: sim\n  namespace: web\n");
        repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        for (var i = 0; i < 20; i++)
        {
            repo.Write($"apps/web/cm-{i:D2}.yaml", SyncTestbed.ConfigMapYaml($"cm-{i:D2}", "v"));
        }

        var commit = await repo.CommitAsync("twenty config maps");
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitOps__Sources__platform__Url"] = repo.Url,
            ["GitOps__Clusters__sim__Auth"] = "kubeconfig",
            ["GitOps__Clusters__sim__Kubeconfig"] = sim.KubeconfigPath,
            ["GitOps__Git__CacheDirectory"] = Path.Combine(repo.Root, "cache"),
            ["GitOps__Sync__Concurrency"] = "1",
            ["GitOps__Sync__LeaseDuration"] = "00:00:15",
            ["GitOps__Runtime__MessageLease"] = "00:00:04",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:01",
        };

        // Slow applies so the first instance is surely mid-sync when it dies.
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Verb = "apply", Delay = TimeSpan.FromMilliseconds(400) });
        var job = new SyncJob
        {
            SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = "job-" + Guid.NewGuid().ToString("N"), Source = "platform", App = "web",
            Reason = SyncReason.Manual, RequestedAt = DateTimeOffset.UtcNow,
        };
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var jobs = new TableJobStore(account.Tables);

        var first = ServeProcess.Start(settings);
        await using (first)
        {
            await first.WaitUntilReadyAsync();
            await new QueueJobQueue(account.Queues, "gitops-sync").EnqueueAsync(job);
            await Eventually.ValueAsync(() => Task.FromResult(sim.Server.Requests.Count("apply", "configmaps") >= 2 ? "applying" : null), "the first instance to start applying");
        }

        var appliedBeforeKill = sim.Server.Requests.Count("apply", "configmaps");
        Assert.True(appliedBeforeKill < 20, $"the first instance applied {appliedBeforeKill} of 20 before it was killed");
        sim.Server.Faults.Clear();

        await using var second = ServeProcess.Start(settings);
        var record = await Eventually.ValueAsync(
            async () => await jobs.GetAsync(job.JobId) is { State: JobState.Succeeded } r ? r : null,
            "the second instance to finish the job", TimeSpan.FromMinutes(3));

        Assert.Equal(commit, record.Commit);
        Assert.True(sim.Server.Requests.Count("apply", "configmaps") >= 20, "the second instance applied what the first could not");
        for (var i = 0; i < 20; i++)
        {
            var result = await sim.KubectlAsync("get", "configmap", $"cm-{i:D2}", "-n", "web", "-o", "name");
            Assert.Equal(0, result.ExitCode);
        }
    }
}
