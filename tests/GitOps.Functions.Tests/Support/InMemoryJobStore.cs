using System.Collections.Concurrent;
using GitOps.Engine.Jobs;

namespace GitOps.Functions.Tests.Support;

/// <summary>An engine-port double for contract tests that do not involve storage (integration tests use the table store on Azurite).</summary>
internal sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, JobRecord> records = new(StringComparer.Ordinal);

    public Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        records[record.JobId] = record;
        return Task.CompletedTask;
    }

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(records.TryGetValue(jobId, out var record) ? record : null);

    public Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(records.Values.Where(r => app is null || r.App == app).OrderByDescending(r => r.QueuedAt).Take(max).ToList());
}
