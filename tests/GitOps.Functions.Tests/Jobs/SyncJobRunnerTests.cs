using GitOps.Testing.Webhooks;
using GitOps.Engine.Jobs;
using GitOps.Functions.Jobs;
using GitOps.Functions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Functions.Tests.Jobs;

/// <summary>The job lifecycle the runtime records around the handler.</summary>
public sealed class SyncJobRunnerTests
{
    private static (SyncJobRunner Runner, InMemoryJobStore Store) Create(Func<SyncJob, JobDelivery, CancellationToken, Task> body, InMemoryJobStore? store = null)
    {
        store ??= new InMemoryJobStore();
        var runner = new SyncJobRunner(new DelegateSyncJobHandler(body), new JobRecorder(store, TimeProvider.System), NullLogger<SyncJobRunner>.Instance);
        return (runner, store);
    }

    [Fact]
    public async Task RunAsync_HandlerRecordsProgressing_RuntimeKeepsTheRicherState()
    {
        var store = new InMemoryJobStore();
        var job = TestJobs.Create();
        var (runner, _) = Create(async (j, _, ct) =>
        {
            var current = await store.GetAsync(j.JobId, ct);
            await store.UpsertAsync(current! with { State = JobState.Progressing, Summary = "waiting for Deployment/web" }, ct);
        }, store);

        var outcome = await runner.RunAsync(SyncJobCodec.Serialize(job), new JobDelivery("m1", 1, 5), CancellationToken.None);

        Assert.Equal(SyncOutcomeKind.Succeeded, outcome.Kind);
        var record = await store.GetAsync(job.JobId);
        Assert.Equal(JobState.Progressing, record!.State);
        Assert.Equal("waiting for Deployment/web", record.Summary);
    }

    [Fact]
    public async Task RunAsync_HandlerSeesRunningRecordWithAttemptsAndQueuedTime()
    {
        var store = new InMemoryJobStore();
        var job = TestJobs.Create();
        JobRecord? seen = null;
        var (runner, _) = Create(async (j, _, ct) => seen = await store.GetAsync(j.JobId, ct), store);

        await runner.RunAsync(SyncJobCodec.Serialize(job), new JobDelivery("m1", 2, 5), CancellationToken.None);

        Assert.Equal(JobState.Running, seen!.State);
        Assert.Equal(2, seen.Attempts);
        Assert.Equal(job.RequestedAt, seen.QueuedAt);
        Assert.Equal(job.CommitHint, seen.Commit);
        Assert.NotNull(seen.StartedAt);
    }

    [Fact]
    public async Task RunAsync_HostStopsDuringLastAttempt_RetriesInsteadOfPoisoning()
    {
        using var stopping = new CancellationTokenSource();
        var job = TestJobs.Create();
        var (runner, store) = Create(async (_, _, ct) =>
        {
            await stopping.CancelAsync();
            ct.ThrowIfCancellationRequested();
        });

        var outcome = await runner.RunAsync(SyncJobCodec.Serialize(job), new JobDelivery("m1", 5, 5), stopping.Token);

        Assert.Equal(SyncOutcomeKind.Retry, outcome.Kind);
        var record = await store.GetAsync(job.JobId);
        Assert.Equal(JobState.Failed, record!.State);
        Assert.Contains("interrupted because the host stopped", record.Error, StringComparison.Ordinal);
    }
}
