using GitOps.EndToEnd.Tests.Sync;
using GitOps.Engine.Jobs;
using GitOps.KubeSim.Faults;
using Xunit.Abstractions;

namespace GitOps.EndToEnd.Tests.Jobs;

/// <summary>What the job record costs in job-store calls, per job, through the runner and the real handler.</summary>
public sealed class JobRecordCostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PushJob_RecordsRunningThenResult_WithoutReading()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(3);
        await bed.Repo.CommitAsync("three");
        var job = bed.Job();

        await bed.RunAsync(job);

        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        Assert.Equal((Writes: 2, Reads: 0), Report("push job", bed.Store.CountsFor(job.JobId)));
    }

    [Fact]
    public async Task JobWaitingForHealth_EachResumeWritesOnce()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.Sim.Server.Controllers.SettleOnWrite = false;
        bed.WriteConfigMaps(1);
        bed.Repo.Write("apps/web/deployment.yaml", JobRecordTests.DeploymentYaml("example/api:1"));
        await bed.Repo.CommitAsync("deployment");
        var job = bed.Job();

        await bed.DeliverAsync(job);
        Assert.Equal(JobState.Progressing, bed.Records.Records[job.JobId].State);
        bed.Sim.Server.SettleControllers();
        Assert.True(bed.Queue.Jobs.TryDequeue(out var resume));
        await bed.DeliverAsync(resume);

        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        Assert.Equal((Writes: 3, Reads: 0), Report("job with one resume", bed.Store.CountsFor(job.JobId)));
    }

    [Fact]
    public async Task JobRetriedOnce_TwoWritesPerAttempt()
    {
        await using var bed = await SyncTestbed.StartAsync();
        bed.WriteConfigMaps(3);
        await bed.Repo.CommitAsync("three");
        bed.Sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Verb = "apply" });
        var job = bed.Job();

        await bed.DeliverAsync(job, attempt: 1);
        bed.Sim.Server.Faults.Clear();
        await bed.DeliverAsync(job, attempt: 2);

        Assert.Equal(JobState.Succeeded, bed.Records.Records[job.JobId].State);
        // The redelivery reads the record once, to tell a job that already finished (its message came back after a lost delete).
        Assert.Equal((Writes: 4, Reads: 1), Report("job retried once", bed.Store.CountsFor(job.JobId)));
    }

    private (int Writes, int Reads) Report(string what, (int Writes, int Reads) counts)
    {
        output.WriteLine($"{what}: {counts.Writes} job-store writes, {counts.Reads} reads");
        return counts;
    }
}
