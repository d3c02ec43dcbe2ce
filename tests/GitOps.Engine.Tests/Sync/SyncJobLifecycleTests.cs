using System.Text.Json.Nodes;
using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;

namespace GitOps.Engine.Tests.Sync;

/// <summary>What a job's record says across its passes: resumes add health progress, a newer job supersedes an older one, terminal failures end it.</summary>
public sealed class SyncJobLifecycleTests
{
    private static JsonObject Ns() => TestObjects.Make("v1", "Namespace", "web");

    private static JsonObject Deployment(string image = "example/api:1") => TestObjects.Make("apps/v1", "Deployment", "api", "web",
        spec: new JsonObject { ["replicas"] = 2, ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "api", ["image"] = image }) } } });

    private static void RollOut(SyncHarness h)
    {
        var live = h.Cluster.Find("Deployment", "web", "api")!;
        live["status"] = JsonNode.Parse("""{"observedGeneration":100,"replicas":2,"updatedReplicas":2,"availableReplicas":2}""");
        h.Cluster.Put(live);
    }

    [Fact]
    public async Task Resume_AfterTheAppBecameHealthy_KeepsWhatTheFirstPassApplied()
    {
        var h = new SyncHarness();
        h.Push(Ns(), Deployment());
        var job = h.Job();
        await h.RunAsync(job);
        Assert.Equal("2 created, 0 configured, 0 pruned, 0 unchanged; Progressing", h.Record(job.JobId).Summary);
        var (resume, _) = Assert.Single(h.Enqueued);
        RollOut(h);

        await h.RunAsync(resume);

        Assert.Equal(JobState.Succeeded, h.Record(job.JobId).State);
        Assert.Equal("2 created, 0 configured, 0 pruned, 0 unchanged; Healthy", h.Record(job.JobId).Summary);
        Assert.Equal(2, h.Status.Created);
        Assert.Equal(0, h.Status.Unchanged);
    }

    [Fact]
    public async Task Resume_StillProgressing_KeepsTheChangesAcrossPasses()
    {
        var h = new SyncHarness();
        h.Push(Ns(), Deployment());
        var job = h.Job();
        await h.RunAsync(job);

        await h.RunAsync(h.Enqueued[^1].Job);
        await h.RunAsync(h.Enqueued[^1].Job);

        Assert.Equal(JobState.Progressing, h.Record(job.JobId).State);
        Assert.Equal("2 created, 0 configured, 0 pruned, 0 unchanged; Progressing", h.Record(job.JobId).Summary);
        Assert.Equal(3, h.Enqueued.Count);
    }

    [Fact]
    public async Task Resume_RecordsTheReasonTheJobWasRequestedFor()
    {
        var h = new SyncHarness();
        h.Push(Ns(), Deployment());
        await h.RunAsync(h.Job(SyncReason.Manual));
        RollOut(h);

        var result = await h.RunAsync(h.Enqueued[^1].Job);

        Assert.Equal(SyncReason.Manual, result.Reason);
        Assert.NotNull(result.StartedAt);
    }

    [Fact]
    public async Task NewerJobWhileOneWaitsForHealth_TheOlderEndsSupersededAndStopsResuming()
    {
        var h = new SyncHarness();
        h.Push(Ns(), Deployment());
        var older = h.Job();
        await h.RunAsync(older);
        var (olderResume, _) = Assert.Single(h.Enqueued);
        var head = h.Push(Ns(), Deployment("example/api:2"));
        var newer = h.Job();
        await h.RunAsync(newer);
        Assert.Equal(JobState.Progressing, h.Record(newer.JobId).State);
        h.Cluster.ResetCounters();

        await h.RunAsync(olderResume);

        Assert.Equal(JobState.Superseded, h.Record(older.JobId).State);
        Assert.Equal($"2 created, 0 configured, 0 pruned, 0 unchanged; superseded by job {newer.JobId} (commit {head[..7]}) while waiting for health", h.Record(older.JobId).Summary);
        Assert.Equal(0, h.Cluster.Applies + h.Cluster.Reads);
        Assert.Equal([older.JobId, newer.JobId], h.Enqueued.Select(e => e.Job.JobId));

        // The newer job carries on to the end.
        RollOut(h);
        await h.RunAsync(h.Enqueued[^1].Job);
        Assert.Equal(JobState.Succeeded, h.Record(newer.JobId).State);
        Assert.Equal(newer.JobId, h.Status.JobId);
    }

    [Fact]
    public async Task ResumeWhileTheLeaseIsHeld_StaysProgressingWithWhatItDid()
    {
        var h = new SyncHarness();
        h.Push(Ns(), Deployment());
        var job = h.Job();
        await h.RunAsync(job);
        await using var other = await h.Lease.TryAcquireAsync("web", TimeSpan.FromMinutes(1));

        var result = await h.RunAsync(h.Enqueued[^1].Job);

        Assert.Equal(JobState.Progressing, result.State);
        Assert.StartsWith("2 created, 0 configured, 0 pruned, 0 unchanged; Progressing; waiting", result.Summary, StringComparison.Ordinal);
        Assert.Equal(SyncReason.Resume, h.Enqueued[^1].Job.Reason);
        Assert.Equal(h.Options.LeaseBusyDelay, h.Enqueued[^1].Delay);
    }

    [Fact]
    public async Task TerminalFailure_EndsFailedWithItsReasonEverywhere()
    {
        var h = new SyncHarness();
        var commit = h.Push(Ns());
        h.CatalogFault = new TerminalJobException("app 'web': spec.path '../outside' leaves the repository");
        var job = h.Job();

        var result = await h.RunAsync(job);

        Assert.Equal(JobState.Failed, result.State);
        Assert.Equal("app 'web': spec.path '../outside' leaves the repository", result.Error);
        Assert.Equal(commit, result.Commit);
        Assert.Equal(SyncResult.Failed, h.Status.Result);
        Assert.Equal(["app 'web': spec.path '../outside' leaves the repository"], h.Status.Errors);
        Assert.Equal((CommitState.Failure, commit), (h.Notifications[^1].State, h.Notifications[^1].Commit));
        Assert.Empty(h.Enqueued);
    }

    [Fact]
    public async Task TerminalFailure_FromAStep_IsNotWrappedAsRetryable()
    {
        var h = new SyncHarness();
        h.Push(Ns());
        h.BeforeCheckout = () => throw new TerminalJobException("kustomization.yaml names a remote base");

        var result = await h.RunAsync(h.Job(), attempt: 1);

        Assert.Equal(JobState.Failed, result.State);
        Assert.Equal("kustomization.yaml names a remote base", result.Error);
    }
}
