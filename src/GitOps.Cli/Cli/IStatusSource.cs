using GitOps.Engine.Jobs;
using GitOps.Functions.Status;

namespace GitOps.Cli;

/// <summary>Where the read-only verbs get status and jobs: storage directly, or a deployed app's status API.</summary>
internal interface IStatusSource
{
    Task<IReadOnlyList<AppStatusView>> ListAppsAsync(CancellationToken cancellationToken);

    Task<AppStatusView?> GetAppAsync(string app, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken);

    Task<JobsOverview> GetJobsAsync(CancellationToken cancellationToken);
}

/// <summary>Reads storage directly.</summary>
internal sealed class StorageStatusSource(StatusReader reader) : IStatusSource
{
    public Task<IReadOnlyList<AppStatusView>> ListAppsAsync(CancellationToken cancellationToken) => reader.ListAppsAsync(cancellationToken);

    public Task<AppStatusView?> GetAppAsync(string app, CancellationToken cancellationToken) => reader.GetAppAsync(app, cancellationToken);

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken) => reader.GetJobAsync(jobId, cancellationToken);

    public Task<JobsOverview> GetJobsAsync(CancellationToken cancellationToken) => reader.GetJobsAsync(cancellationToken: cancellationToken);
}
