using System.Text.Json;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Cli;
using GitOps.Testing.Azurite;

namespace GitOps.Cli.Tests.Cli;

/// <summary>`gitops sync` against Azurite: enqueue, --wait following the job record to its end, unknown app.</summary>
[Collection(CliAzuriteCollection.Name)]
public sealed class SyncVerbTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sync_KnownApp_EnqueuesManualJobAndQueuedRecord()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "sync-" + Guid.NewGuid().ToString("N")[..8];
        await seed.AppAsync(app);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "sync", app, "-o", "json");

        Assert.True(result.Exit == ExitCodes.Ok, result.Error);
        using var doc = JsonDocument.Parse(result.Output);
        var jobId = doc.RootElement.GetProperty("jobId").GetString()!;
        Assert.Equal("Queued", doc.RootElement.GetProperty("state").GetString());
        var job = (await seed.PeekAsync(FunctionNames.SyncQueue)).Select(SyncJobCodec.Deserialize).Single(j => j.JobId == jobId);
        Assert.Equal(SyncReason.Manual, job.Reason);
        Assert.Equal(app, job.App);
        Assert.Equal("platform", job.Source);
        Assert.Equal(JobState.Queued, (await seed.Jobs.GetAsync(jobId))!.State);
    }

    [Theory]
    [InlineData(JobState.Succeeded, ExitCodes.Ok)]
    [InlineData(JobState.Failed, ExitCodes.Failure)]
    [InlineData(JobState.Poisoned, ExitCodes.Failure)]
    public async Task Sync_Wait_FollowsRecordToItsEnd(JobState outcome, int expectedExit)
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "wait-" + Guid.NewGuid().ToString("N")[..8];
        await seed.AppAsync(app);

        var run = CliRun.RunAsync(azurite.ConnectionString, "sync", app, "--wait", "--interval", "00:00:00.2", "--timeout", "00:02:00");
        var job = await TakeJobAsync(seed, app);
        var record = (await seed.Jobs.GetAsync(job.JobId))!;
        await seed.Jobs.UpsertAsync(record with { State = JobState.Running, StartedAt = StatusSeed.At });
        await seed.Jobs.UpsertAsync(record with { State = outcome, Error = outcome == JobState.Succeeded ? null : "apply failed", Summary = "1 created; Healthy" });
        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Exit == expectedExit, result.Output + result.Error);
        Assert.Contains($"job {job.JobId}: {outcome}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_Wait_TimesOutWithExitOne()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "late-" + Guid.NewGuid().ToString("N")[..8];
        await seed.AppAsync(app);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "sync", app, "--wait", "--interval", "00:00:00.2", "--timeout", "00:00:01");

        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Contains("did not finish within 00:00:01", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_UnknownApp_ExitsThree()
    {
        var result = await CliRun.RunAsync(azurite.ConnectionString, "sync", "ghost-app");

        Assert.Equal(ExitCodes.NotFound, result.Exit);
        Assert.Contains("app 'ghost-app' not found; known apps:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_NeverSyncedAppWithSource_Enqueues()
    {
        var app = "fresh-" + Guid.NewGuid().ToString("N")[..8];

        var result = await CliRun.RunAsync(azurite.ConnectionString, "sync", app, "--source", "platform");

        Assert.True(result.Exit == ExitCodes.Ok, result.Error);
        Assert.Contains($"for app '{app}'", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Plays the engine: receives the app's job from the sync queue (bounded wait on the condition).</summary>
    private static async Task<SyncJob> TakeJobAsync(StatusSeed seed, string app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            foreach (var message in await seed.ReceiveAsync(FunctionNames.SyncQueue))
            {
                var job = SyncJobCodec.Deserialize(message.MessageText);
                if (job.App == app)
                {
                    return job;
                }
            }
        }
    }
}
