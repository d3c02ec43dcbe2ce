using GitOps.Engine.Jobs;

namespace GitOps.Functions.Tests.Support;

/// <summary>Sync jobs for tests.</summary>
internal static class TestJobs
{
    public static SyncJob Create(string app = "web", string? jobId = null) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion,
        JobId = jobId ?? "job-" + Guid.NewGuid().ToString("N"),
        Source = "platform",
        App = app,
        Reason = SyncReason.Push,
        RequestedAt = new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero),
        CommitHint = "0123456789abcdef0123456789abcdef01234567",
    };
}
