namespace GitOps.Engine.Status;

/// <summary>The per-app status (GitOpsApps table).</summary>
public interface IAppStatusStore
{
    /// <summary>Inserts or replaces the app's sync status, keeping fields others own (drift) and, when <see cref="AppStatus.Changes"/> is null, the stored changes.</summary>
    Task UpsertAsync(AppStatus status, CancellationToken cancellationToken = default);

    /// <summary>Returns an app's status, or null when it never synced.</summary>
    Task<AppStatus?> GetAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>Every app's status.</summary>
    Task<IReadOnlyList<AppStatus>> ListAsync(CancellationToken cancellationToken = default);
}
