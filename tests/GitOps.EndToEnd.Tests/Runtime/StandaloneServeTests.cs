using Azure.Storage.Queues.Models;
using GitOps.Testing;
using System.Text.Json;
using GitOps.EndToEnd.Tests.Support;
using GitOps.Engine.Jobs;
using GitOps.Testing.Azurite;

namespace GitOps.EndToEnd.Tests.Runtime;

/// <summary>
/// `gitops serve --standalone` as a process against real Azurite, with the test-only scripted handler
/// (GitOps__Testing__Handler=script: the app name says what the job does).
/// </summary>
public sealed class StandaloneServeTests(StandaloneServeFixture fixture) : IClassFixture<StandaloneServeFixture>
{
    private static SyncJob Job(string app) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion,
        JobId = "job-" + Guid.NewGuid().ToString("N"),
        Source = "platform",
        App = app,
        Reason = SyncReason.Push,
        RequestedAt = DateTimeOffset.UtcNow,
    };

    private async Task<JobRecord> WaitForStateAsync(string jobId, JobState state) =>
        await Eventually.ValueAsync(async () => await fixture.Jobs.GetAsync(jobId) is { } r && r.State == state ? r : null,
            $"job {jobId} to be {state}; output:\n{fixture.Serve.Output}");

    private async Task<string> WaitForPoisonAsync(Func<string, bool> match) =>
        await Eventually.ValueAsync(async () => (await fixture.PoisonQueue.PeekMessagesAsync(32)).Value.Select(m => m.MessageText).FirstOrDefault(match),
            "a matching message in gitops-sync-poison");

    [Fact]
    public async Task Serve_JobSucceeds_RecordsSucceededOnFirstAttempt()
    {
        var job = Job("web");

        await fixture.SyncQueue.SendMessageAsync(SyncJobCodec.Serialize(job));
        var record = await WaitForStateAsync(job.JobId, JobState.Succeeded);

        Assert.Equal(1, record.Attempts);
        Assert.Null(record.Error);
        Assert.NotNull(record.FinishedAt);
        Assert.False(fixture.Serve.HasExited);
    }

    [Fact]
    public async Task Serve_JobFailsFiveTimes_LandsInPoisonQueueWithReasonRecorded()
    {
        var job = Job("fail-always");
        var text = SyncJobCodec.Serialize(job);

        await fixture.SyncQueue.SendMessageAsync(text);
        var record = await WaitForStateAsync(job.JobId, JobState.Poisoned);
        var poisoned = await WaitForPoisonAsync(t => t == text);

        Assert.Equal(text, poisoned);
        Assert.Equal(5, record.Attempts);
        Assert.Contains("Attempt 5 of 5 failed, moved to the poison queue: scripted failure of app 'fail-always' on attempt 5", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_JobFailsTwiceThenSucceeds_RetriesAndRecordsThreeAttempts()
    {
        var job = Job("fail-until-3");

        await fixture.SyncQueue.SendMessageAsync(SyncJobCodec.Serialize(job));
        var record = await WaitForStateAsync(job.JobId, JobState.Succeeded);

        Assert.Equal(3, record.Attempts);
    }

    [Fact]
    public async Task Serve_SlowJob_KeepsItsMessageInvisibleUntilDone()
    {
        // The job runs for three message leases (2 s each): without renewal the message would reappear and be delivered again.
        var job = Job("slow-6000");

        await fixture.SyncQueue.SendMessageAsync(SyncJobCodec.Serialize(job));
        await WaitForStateAsync(job.JobId, JobState.Running);
        var record = await WaitForStateAsync(job.JobId, JobState.Succeeded);

        Assert.Equal(1, record.Attempts);
        Assert.True(record.FinishedAt - record.StartedAt >= TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task Serve_NonJsonMessage_GoesToPoisonAtOnceWithReason()
    {
        var text = "not json " + Guid.NewGuid().ToString("N");

        SendReceipt receipt = await fixture.SyncQueue.SendMessageAsync(text);
        var poisoned = await WaitForPoisonAsync(t => t.Contains(text, StringComparison.Ordinal));
        var record = await WaitForStateAsync("message-" + receipt.MessageId, JobState.Poisoned);

        using var envelope = JsonDocument.Parse(poisoned);
        Assert.Equal(text, envelope.RootElement.GetProperty("message").GetString());
        Assert.Contains("not valid JSON", envelope.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, record.Attempts);
        Assert.Contains("Bad message, moved to the poison queue without retry", record.Error, StringComparison.Ordinal);
        Assert.False(fixture.Serve.HasExited);
    }

    [Fact]
    public async Task Serve_UnknownSchemaVersion_GoesToPoisonAtOnceUnderItsJobId()
    {
        var jobId = "job-" + Guid.NewGuid().ToString("N");
        var text = "{\"schemaVersion\":2,\"jobId\":\"" + jobId + "\",\"source\":\"platform\",\"app\":\"web\"}";

        await fixture.SyncQueue.SendMessageAsync(text);
        var record = await WaitForStateAsync(jobId, JobState.Poisoned);
        await WaitForPoisonAsync(t => t.Contains(jobId, StringComparison.Ordinal));

        Assert.Equal(1, record.Attempts);
        Assert.Contains("Unknown schema version 2", record.Error, StringComparison.Ordinal);
    }
}
