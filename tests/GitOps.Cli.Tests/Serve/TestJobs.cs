using GitOps.Engine.Jobs;

namespace GitOps.Cli.Tests.Serve;

/// <summary>Sync jobs for tests.</summary>
internal static class TestJobs
{
    public static SyncJob Create(string app, string source = "platform", SyncReason reason = SyncReason.Push) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion,
        JobId = "job-" + Guid.NewGuid().ToString("N"),
        Source = source,
        App = app,
        Reason = reason,
        RequestedAt = DateTimeOffset.UtcNow,
    };
}
