namespace GitOps.Engine.Jobs;

/// <summary>The job records (GitOpsJobs table).</summary>
public interface IJobStore
{
    /// <summary>Inserts or replaces the record of a job.</summary>
    Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts the record of a new job unless the job already has one, which wins: a worker that picked the job up
    /// first keeps its Running record. Returns false when a record existed.
    /// </summary>
    Task<bool> CreateAsync(JobRecord record, CancellationToken cancellationToken = default);

    /// <summary>Returns a job's record, or null when there is none.</summary>
    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Returns recent job records, newest first, optionally for one app.</summary>
    Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default);
}
