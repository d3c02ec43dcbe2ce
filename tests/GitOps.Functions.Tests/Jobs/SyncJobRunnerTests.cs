using GitOps.Testing.Jobs;
using GitOps.Testing.Webhooks;
using GitOps.Engine.Jobs;
using GitOps.Functions.Jobs;
using GitOps.Functions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Functions.Tests.Jobs;

/// <summary>The job lifecycle the runner records around the handler, and what it tells the trigger.</summary>
public sealed class SyncJobRunnerTests
{
    private readonly InMemoryJobStore _records = new();
    private readonly CountingJobStore _store;

    public SyncJobRunnerTests() => _store = new CountingJobStore(_records);

    private SyncJobRunner Answering(Func<SyncJob, JobDelivery, CancellationToken, Task<JobResult>> body) =>
        new(new ResultHandler(body), new JobRecorder(_store, TimeProvider.System), _store, TimeProvider.System, NullLogger<SyncJobRunner>.Instance);

    private SyncJobRunner Runner(Func<SyncJob, JobDelivery, CancellationToken, Task> body) =>
        new(new DelegateSyncJobHandler(body), new JobRecorder(_store, TimeProvider.System), _store, TimeProvider.System, NullLogger<SyncJobRunner>.Instance);

    private static Task<MessageDisposition> Deliver(SyncJobRunner runner, SyncJob job, long attempt = 1, CancellationToken cancellationToken = default) =>
        runner.RunAsync(SyncJobCodec.Serialize(job), new JobDelivery("m1", attempt, 5), cancellationToken);

    [Fact]
    public async Task RunAsync_HandlerSeesRunningRecordWithAttemptsAndQueuedTime()
    {
        var job = TestJobs.Create();
        JobRecord? seen = null;
        var runner = Runner(async (j, _, ct) => seen = await _records.GetAsync(j.JobId, ct));

        await Deliver(runner, job, attempt: 2);

        Assert.Equal(JobState.Running, seen!.State);
        Assert.Equal(2, seen.Attempts);
        Assert.Equal(job.RequestedAt, seen.QueuedAt);
        Assert.Equal(job.CommitHint, seen.Commit);
        Assert.NotNull(seen.StartedAt);
    }

    [Fact]
    public async Task RunAsync_RecordsTheHandlersResult_InOneWriteAfterRunning_WithoutReading()
    {
        var job = TestJobs.Create();
        var runner = Answering((_, _, _) => Task.FromResult(new JobResult
        {
            State = JobState.Succeeded, Commit = "fedcba9876543210fedcba9876543210fedcba98", Summary = "3 created, 0 configured, 0 pruned, 0 unchanged; Healthy",
        }));

        var disposition = await Deliver(runner, job);

        Assert.Equal(MessageAction.Done, disposition.Action);
        var record = _records.Records[job.JobId];
        Assert.Equal(JobState.Succeeded, record.State);
        Assert.Equal("fedcba9876543210fedcba9876543210fedcba98", record.Commit);
        Assert.Equal("3 created, 0 configured, 0 pruned, 0 unchanged; Healthy", record.Summary);
        Assert.Equal(job.RequestedAt, record.QueuedAt);
        Assert.NotNull(record.FinishedAt);
        Assert.Equal((2, 0), _store.CountsFor(job.JobId));
    }

    [Fact]
    public async Task RunAsync_ResumedPass_WritesOnlyItsResult_WithTheJobsOwnReasonAndStart()
    {
        var started = new DateTimeOffset(2026, 11, 22, 1, 0, 5, TimeSpan.Zero);
        var job = TestJobs.Create() with { Reason = SyncReason.Resume, Resume = "{}" };
        var runner = Answering((_, _, _) => Task.FromResult(new JobResult { State = JobState.Succeeded, Summary = "2 created; Healthy", Reason = SyncReason.Push, StartedAt = started }));

        await Deliver(runner, job);

        var record = _records.Records[job.JobId];
        Assert.Equal((JobState.Succeeded, SyncReason.Push, started), (record.State, record.Reason, record.StartedAt));
        Assert.Equal((1, 0), _store.CountsFor(job.JobId));
    }

    [Fact]
    public async Task RunAsync_FailureWithAttemptsLeft_IsRetryingNotFailed()
    {
        var job = TestJobs.Create();
        var runner = Runner((_, _, _) => throw new InvalidOperationException("cluster dev unreachable"));

        var disposition = await Deliver(runner, job, attempt: 2);

        Assert.Equal(MessageAction.Retry, disposition.Action);
        var record = _records.Records[job.JobId];
        Assert.Equal(JobState.Retrying, record.State);
        Assert.False(record.State.IsFinal());
        Assert.Null(record.FinishedAt);
        Assert.Equal("Attempt 2 of 5 failed, will retry: cluster dev unreachable", record.Error);
        // A redelivery reads the record once, to tell a job that already finished.
        Assert.Equal((2, 1), _store.CountsFor(job.JobId));
    }

    [Fact]
    public async Task RunAsync_FailureOnTheLastAttempt_IsPoisoned()
    {
        var job = TestJobs.Create();
        var runner = Runner((_, _, _) => throw new InvalidOperationException("cluster dev unreachable"));

        var disposition = await Deliver(runner, job, attempt: 5);

        Assert.Equal(MessageAction.Poison, disposition.Action);
        Assert.Equal(JobState.Poisoned, _records.Records[job.JobId].State);
        Assert.NotNull(_records.Records[job.JobId].FinishedAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task RunAsync_TerminalFailure_EndsFailedWithItsReason_NeitherRetriedNorPoisoned(long attempt)
    {
        var job = TestJobs.Create();
        var runner = Runner((_, _, _) => throw new TerminalJobException("app 'web': spec.path '../outside' leaves the repository"));

        var disposition = await Deliver(runner, job, attempt);

        Assert.Equal(MessageAction.Done, disposition.Action);
        var record = _records.Records[job.JobId];
        Assert.Equal(JobState.Failed, record.State);
        Assert.Equal("app 'web': spec.path '../outside' leaves the repository", record.Error);
        Assert.Equal((int)attempt, record.Attempts);
        Assert.NotNull(record.FinishedAt);
    }

    [Fact]
    public async Task RunAsync_HostStopsDuringLastAttempt_RetriesInsteadOfPoisoning()
    {
        using var stopping = new CancellationTokenSource();
        var job = TestJobs.Create();
        var runner = Runner(async (_, _, ct) =>
        {
            await stopping.CancelAsync();
            ct.ThrowIfCancellationRequested();
        });

        var disposition = await Deliver(runner, job, attempt: 5, stopping.Token);

        Assert.Equal(MessageAction.Retry, disposition.Action);
        var record = _records.Records[job.JobId];
        Assert.Equal(JobState.Retrying, record.State);
        Assert.Contains("interrupted because the host stopped", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadMessage_IsPoisonedAtOnceWithItsReason()
    {
        var runner = Answering((_, _, _) => Task.FromResult(JobResult.Succeeded));

        var disposition = await runner.RunAsync("{\"schemaVersion\":99,\"jobId\":\"j-99\"}", new JobDelivery("m1", 1, 5), CancellationToken.None);

        Assert.Equal(MessageAction.BadMessage, disposition.Action);
        Assert.Equal(JobState.Poisoned, _records.Records["j-99"].State);
        Assert.Contains("Unknown schema version 99", _records.Records["j-99"].Error, StringComparison.Ordinal);
    }

    private sealed class ResultHandler(Func<SyncJob, JobDelivery, CancellationToken, Task<JobResult>> body) : ISyncJobHandler
    {
        public Task<JobResult> HandleAsync(SyncJob job, JobDelivery delivery, CancellationToken cancellationToken) => body(job, delivery, cancellationToken);
    }
}
