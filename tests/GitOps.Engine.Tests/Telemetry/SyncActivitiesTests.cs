using System.Diagnostics;
using GitOps.Engine.Jobs;
using GitOps.Engine.Telemetry;

namespace GitOps.Engine.Tests.Telemetry;

/// <summary>A job's span continues the trace that queued it; a resumed pass links to it instead; old messages still parse.</summary>
public sealed class SyncActivitiesTests : IDisposable
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == GitOpsTelemetry.ActivitySourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public SyncActivitiesTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void MessageWithoutTraceParent_StillParses()
    {
        var job = SyncJobCodec.Deserialize("""{"schemaVersion":1,"jobId":"j","source":"s","app":"a","reason":"Push","requestedAt":"2026-01-01T00:00:00Z"}""");

        Assert.Null(job.TraceParent);
    }

    [Fact]
    public void StartJob_WithTraceParent_IsAChildOfTheSpanThatQueuedIt()
    {
        using var span = SyncActivities.StartJob(Job(SyncReason.Push), attempt: 1);

        Assert.NotNull(span);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.Equal("j1", span.GetTagItem(GitOpsTelemetry.Tags.JobId));
    }

    [Fact]
    public void StartJob_ResumedPass_LinksToItsOriginInsteadOfJoiningIt()
    {
        using var span = SyncActivities.StartJob(Job(SyncReason.Resume), attempt: 1);

        Assert.NotNull(span);
        Assert.NotEqual("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
        var link = Assert.Single(span.Links);
        Assert.Equal("b7ad6b7169203331", link.Context.SpanId.ToHexString());
    }

    [Fact]
    public void StartJob_MalformedTraceParent_StartsANewTrace()
    {
        using var span = SyncActivities.StartJob(Job(SyncReason.Push) with { TraceParent = "not-a-traceparent" }, attempt: 1);

        Assert.NotNull(span);
        Assert.Equal(default, span.ParentSpanId);
    }

    public void Dispose() => _listener.Dispose();

    private static SyncJob Job(SyncReason reason) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = "j1", Source = "platform", App = "web", Reason = reason,
        RequestedAt = DateTimeOffset.UnixEpoch, TraceParent = TraceParent,
    };
}
