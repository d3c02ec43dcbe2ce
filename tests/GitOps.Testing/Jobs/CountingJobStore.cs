using GitOps.Engine.Jobs;

namespace GitOps.Testing.Jobs;

/// <summary>A job store that counts the calls made to the store it wraps, per job id (to measure what a job costs).</summary>
public sealed class CountingJobStore(IJobStore inner) : IJobStore
{
    private readonly Dictionary<string, (int Writes, int Reads)> _counts = new(StringComparer.Ordinal);

    /// <summary>Writes (upserts and creates) and reads made for <paramref name="jobId"/> so far.</summary>
    public (int Writes, int Reads) CountsFor(string jobId)
    {
        lock (_counts)
        {
            return _counts.GetValueOrDefault(jobId);
        }
    }

    /// <summary>Forgets every count.</summary>
    public void Reset()
    {
        lock (_counts)
        {
            _counts.Clear();
        }
    }

    /// <inheritdoc />
    public Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Count(record.JobId, writes: 1);
        return inner.UpsertAsync(record, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> CreateAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Count(record.JobId, writes: 1);
        return inner.CreateAsync(record, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Count(jobId, reads: 1);
        return inner.GetAsync(jobId, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default) =>
        inner.ListRecentAsync(max, app, cancellationToken);

    private void Count(string jobId, int writes = 0, int reads = 0)
    {
        lock (_counts)
        {
            var (w, r) = _counts.GetValueOrDefault(jobId);
            _counts[jobId] = (w + writes, r + reads);
        }
    }
}
