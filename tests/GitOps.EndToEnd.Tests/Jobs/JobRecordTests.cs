using GitOps.EndToEnd.Tests.Sync;
using GitOps.Engine.Jobs;
using GitOps.Functions.Jobs;

namespace GitOps.EndToEnd.Tests.Jobs;

/// <summary>Job records through the trigger's runner, the real handler, git and the API simulator with rollouts that wait.</summary>
public sealed class JobRecordTests
{
    internal static string DeploymentYaml(string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: api }
        spec:
          replicas: 1
          selector: { matchLabels: { app: api } }
          template:
            metadata: { labels: { app: api } }
            spec: { containers: [ { name: api, image: "{{image}}" } ] }
        """;

    private static async Task<SyncTestbed> StartWithSlowRolloutsAsync()
    {
        var bed = await SyncTestbed.StartAsync();
        bed.Sim.Server.Controllers.SettleOnWrite = false;
        bed.WriteConfigMaps(1);
        bed.Repo.Write("apps/web/deployment.yaml", DeploymentYaml("example/api:1"));
        await bed.Repo.CommitAsync("a config map and a deployment");
        return bed;
    }

    [Fact]
    public async Task FirstSyncThatWaitedForHealth_KeepsItsChangesAfterTheHealthCheck()
    {
        await using var bed = await StartWithSlowRolloutsAsync();
        var job = bed.Job();

        await bed.DeliverAsync(job);
        Assert.Equal(JobState.Progressing, bed.Records.Records[job.JobId].State);
        Assert.Equal("3 created, 0 configured, 0 pruned, 0 unchanged; Progressing", bed.Records.Records[job.JobId].Summary);
        bed.Sim.Server.SettleControllers();
        Assert.True(bed.Queue.Jobs.TryDequeue(out var resume));
        await bed.DeliverAsync(resume);

        var record = bed.Records.Records[job.JobId];
        Assert.Equal(JobState.Succeeded, record.State);
        Assert.Equal("3 created, 0 configured, 0 pruned, 0 unchanged; Healthy", record.Summary);
        Assert.Equal(SyncReason.Push, record.Reason);
        Assert.Equal(3, (await bed.Statuses.GetAsync("web"))!.Created);
    }

    [Fact]
    public async Task TwoPushesWhileWaitingForHealth_OneJobStaysActive_TheOthersSaySuperseded()
    {
        await using var bed = await StartWithSlowRolloutsAsync();
        var first = bed.Job();
        await bed.DeliverAsync(first);
        bed.Repo.Write("apps/web/deployment.yaml", DeploymentYaml("example/api:2"));
        await bed.Repo.CommitAsync("api 2");
        var second = bed.Job();
        bed.Repo.Write("apps/web/deployment.yaml", DeploymentYaml("example/api:3"));
        var head = await bed.Repo.CommitAsync("api 3");
        var third = bed.Job();

        // The queue delivers in order: the two pushes, then whatever resumes they left.
        await bed.DeliverAsync(second);
        await bed.DeliverAsync(third);
        var resumes = 0;
        while (bed.Queue.Jobs.TryDequeue(out var next) && resumes++ < 20)
        {
            Assert.Equal(MessageAction.Done, (await bed.DeliverAsync(next)).Action);
            if (resumes == 3)
            {
                bed.Sim.Server.SettleControllers();
            }
        }

        Assert.Equal(JobState.Superseded, bed.Records.Records[first.JobId].State);
        Assert.Equal(JobState.Superseded, bed.Records.Records[second.JobId].State);
        Assert.Contains($"superseded by job {third.JobId} (commit {head[..7]})", bed.Records.Records[second.JobId].Summary, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, bed.Records.Records[third.JobId].State);
        Assert.Equal(head, bed.Records.Records[third.JobId].Commit);
        Assert.True(resumes <= 5, $"{resumes} resumed passes");
    }
}
