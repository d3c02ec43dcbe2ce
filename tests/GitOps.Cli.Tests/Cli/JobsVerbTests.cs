using System.Text.Json;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Cli;
using GitOps.Functions.Jobs;
using GitOps.Testing.Azurite;

namespace GitOps.Cli.Tests.Cli;

/// <summary>`gitops jobs`, `jobs show` and `jobs retry` against Azurite with seeded records and queue messages.</summary>
[Collection(CliAzuriteCollection.Name)]
public sealed class JobsVerbTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Jobs_SeededQueuesAndRecords_TableShowsEverySection()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "jobs-" + Guid.NewGuid().ToString("N")[..8];
        var ok = await seed.JobAsync(app, JobState.Succeeded);
        var failed = await seed.JobAsync(app, JobState.Failed, "render failed: kustomization.yaml not found");
        var running = await seed.JobAsync(app, JobState.Running);
        var queued = StatusSeed.Job(app);
        await seed.SendAsync(FunctionNames.SyncQueue, SyncJobCodec.Serialize(queued));
        var poisoned = StatusSeed.Job(app);
        await seed.JobAsync(app, JobState.Poisoned, "apply failed 5 times: 403 forbidden", poisoned.JobId);
        await seed.PoisonAsync(SyncJobCodec.Serialize(poisoned));
        await seed.PoisonAsync(new PoisonEnvelope("The message is not valid JSON", "m-" + app, "{oops " + app).ToJson());

        var result = await CliRun.RunAsync(azurite.ConnectionString, "jobs");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        Assert.Matches(@"Queued \(approximately [1-9]\d*;", result.Output);
        Assert.Contains(queued.JobId, Section(result.Output, "Queued", "Running"), StringComparison.Ordinal);
        Assert.Contains(running.JobId, Section(result.Output, "Running", "Succeeded"), StringComparison.Ordinal);
        Assert.Contains(ok.JobId, Section(result.Output, "Succeeded", "Failed"), StringComparison.Ordinal);
        var failedLine = Assert.Single(result.Output.Split('\n'), l => l.Contains(failed.JobId, StringComparison.Ordinal));
        Assert.Contains("render failed: kustomization.yaml not found", failedLine, StringComparison.Ordinal);
        var poison = Section(result.Output, "Poisoned", null);
        Assert.Matches(poisoned.JobId + @"\s+" + app, poison);
        Assert.Contains("apply failed 5 times: 403 forbidden", poison, StringComparison.Ordinal);
        Assert.Contains("The message is not valid JSON", poison, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_RetryingAndSupersededJobs_ShowAsSuchNotAsFailed()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "jretry-" + Guid.NewGuid().ToString("N")[..8];
        var retrying = await seed.JobAsync(app, JobState.Retrying, "Attempt 1 of 5 failed, will retry: cluster dev unreachable");
        var superseded = await seed.JobAsync(app, JobState.Superseded);

        var table = await CliRun.RunAsync(azurite.ConnectionString, "jobs");
        var json = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "--output", "json");

        var retryingLine = Assert.Single(Section(table.Output, "Retrying", "Succeeded").Split('\n'), l => l.Contains(retrying.JobId, StringComparison.Ordinal));
        Assert.Contains("will retry: cluster dev unreachable", retryingLine, StringComparison.Ordinal);
        Assert.Contains(superseded.JobId, Section(table.Output, "Superseded", "Failed"), StringComparison.Ordinal);
        Assert.DoesNotContain(retrying.JobId, Section(table.Output, "Failed", "Poisoned"), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Contains(doc.RootElement.GetProperty("retrying").EnumerateArray(), e => e.GetProperty("jobId").GetString() == retrying.JobId && e.GetProperty("state").GetString() == "Retrying");
        Assert.Contains(doc.RootElement.GetProperty("superseded").EnumerateArray(), e => e.GetProperty("jobId").GetString() == superseded.JobId);
        Assert.DoesNotContain(doc.RootElement.GetProperty("failed").EnumerateArray(), e => e.GetProperty("jobId").GetString() == retrying.JobId);
    }

    [Fact]
    public async Task Jobs_Json_HasSectionsWithReasons()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "jjson-" + Guid.NewGuid().ToString("N")[..8];
        var failed = await seed.JobAsync(app, JobState.Failed, "source 'platform' unreachable");
        var poisoned = StatusSeed.Job(app);
        await seed.PoisonAsync(new PoisonEnvelope("unknown schema version 9", "m1", SyncJobCodec.Serialize(poisoned)).ToJson());

        var result = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "--output", "json");

        Assert.Equal(ExitCodes.Ok, result.Exit);
        using var doc = JsonDocument.Parse(result.Output);
        Assert.True(doc.RootElement.GetProperty("queuedApproximate").GetInt32() >= 0);
        var f = Assert.Single(doc.RootElement.GetProperty("failed").EnumerateArray(), e => e.GetProperty("jobId").GetString() == failed.JobId);
        Assert.Equal("Failed", f.GetProperty("state").GetString());
        Assert.Equal("source 'platform' unreachable", f.GetProperty("error").GetString());
        var p = Assert.Single(doc.RootElement.GetProperty("poisoned").EnumerateArray(), e => e.TryGetProperty("jobId", out var id) && id.GetString() == poisoned.JobId);
        Assert.Equal("unknown schema version 9", p.GetProperty("reason").GetString());
        Assert.Equal(app, p.GetProperty("app").GetString());
    }

    [Fact]
    public async Task JobsShow_KnownJob_PrintsRecordInBothForms()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var record = await seed.JobAsync("show-" + Guid.NewGuid().ToString("N")[..8], JobState.Failed, "health timeout: Deployment/web not ready");

        var table = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "show", record.JobId);
        var json = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "show", record.JobId, "-o", "json");

        Assert.Equal(ExitCodes.Ok, table.Exit);
        Assert.Matches(@"State\s+Failed", table.Output);
        Assert.Matches(@"Error\s+health timeout: Deployment/web not ready", table.Output);
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(record.JobId, doc.RootElement.GetProperty("jobId").GetString());
        Assert.Equal("Push", doc.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task JobsShow_UnknownJob_ExitsThree()
    {
        var result = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "show", "no-such-job");

        Assert.Equal(ExitCodes.NotFound, result.Exit);
        Assert.Contains("job 'no-such-job' not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsRetry_PoisonedJob_MovesMessageBackAndRecordsQueued()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "retry-" + Guid.NewGuid().ToString("N")[..8];
        var job = StatusSeed.Job(app);
        var text = SyncJobCodec.Serialize(job);
        await seed.JobAsync(app, JobState.Poisoned, "apply failed 5 times", job.JobId);
        var bystander = StatusSeed.Job(app);
        await seed.PoisonAsync(SyncJobCodec.Serialize(bystander));
        await seed.PoisonAsync(text);

        var result = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "retry", job.JobId);

        Assert.True(result.Exit == ExitCodes.Ok, result.Error);
        Assert.Contains($"job {job.JobId} ({app}) moved back to the sync queue", result.Output, StringComparison.Ordinal);
        var poison = await seed.PeekAsync(FunctionNames.SyncPoisonQueue);
        Assert.DoesNotContain(text, poison);
        Assert.Contains(SyncJobCodec.Serialize(bystander), poison);
        var sync = await seed.PeekAsync(FunctionNames.SyncQueue);
        Assert.Contains(text, sync);
        var record = await seed.Jobs.GetAsync(job.JobId);
        Assert.Equal(JobState.Queued, record!.State);
        Assert.Null(record.Error);
    }

    [Fact]
    public async Task JobsRetry_NoPoisonedMessage_ExitsThree()
    {
        var result = await CliRun.RunAsync(azurite.ConnectionString, "jobs", "retry", "not-poisoned");

        Assert.Equal(ExitCodes.NotFound, result.Exit);
        Assert.Contains("no poisoned message for job 'not-poisoned'", result.Error, StringComparison.Ordinal);
    }

    private static string Section(string output, string start, string? end)
    {
        var from = output.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"no '{start}' section in:\n{output}");
        var to = end is null ? output.Length : output.IndexOf("\n" + end, from, StringComparison.Ordinal);
        return output[from..(to < 0 ? output.Length : to)];
    }
}
