namespace GitOps.Engine.Drift.Sweep;

/// <summary>Where sweeps record drift: the latest report per app (GitOpsApps) and a history (GitOpsDriftHistory).</summary>
public interface IDriftStore
{
    /// <summary>Records a sweep's report as the app's latest, and appends it to the history when it found drift or failed.</summary>
    Task RecordAsync(AppDriftReport report, CancellationToken cancellationToken = default);

    /// <summary>The app's latest report, or null when it was never swept.</summary>
    Task<AppDriftReport?> GetLatestAsync(string app, CancellationToken cancellationToken = default);

    /// <summary>The app's recorded reports with drift or errors, newest first.</summary>
    Task<IReadOnlyList<AppDriftReport>> GetHistoryAsync(string app, int max, CancellationToken cancellationToken = default);
}
