using GitOps.Engine.Jobs;

namespace GitOps.Engine.Tests.Jobs;

public sealed class SyncJobCodecTests
{
    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var job = new SyncJob
        {
            SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = "j1", Source = "platform", App = "web",
            Reason = SyncReason.Push, RequestedAt = DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DeliveryId = "d-1", CommitHint = "abc", Objects = ["apps/Deployment/web/web"], TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };

        var text = SyncJobCodec.Serialize(job);

        Assert.Contains("\"reason\":\"Push\"", text, StringComparison.Ordinal);
        var back = SyncJobCodec.Deserialize(text);
        Assert.Equal(job.JobId, back.JobId);
        Assert.Equal(job.Objects, back.Objects);
        Assert.Equal(job with { Objects = back.Objects }, back);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"jobId\":\"x\"}", "schemaVersion")]
    [InlineData("{\"schemaVersion\":99,\"jobId\":\"x\"}", "Unknown schema version 99")]
    [InlineData("{\"schemaVersion\":1,\"jobId\":\"x\",\"source\":\"s\",\"app\":\"a\",\"reason\":\"Explode\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}", "does not match")]
    [InlineData("{\"schemaVersion\":1,\"jobId\":\"\",\"source\":\"s\",\"app\":\"a\",\"reason\":\"Push\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}", "lacks jobId")]
    [InlineData("{\"schemaVersion\":1", "not valid JSON")]
    public void Deserialize_BadMessage_ThrowsWithSpecificReason(string text, string expected)
    {
        var ex = Assert.Throws<BadJobMessageException>(() => SyncJobCodec.Deserialize(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
