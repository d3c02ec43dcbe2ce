using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Inventory;
using GitOps.Engine.Jobs;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Functions.Status;
using GitOps.Kubernetes.Client;
using Microsoft.Extensions.Options;

namespace GitOps.Dashboard.Views;

/// <summary>Reads the dashboard's pages through the status API's reader and stores, the engine's diff and Git.</summary>
public sealed class DashboardReader(StatusReader status, IDriftStore drift, IJobStore jobs, CommitFacts facts, AppLiveReader live, IOptions<GitOpsOptions> gitOps)
{
    /// <summary>How many of an app's recent jobs its page lists.</summary>
    public const int AppJobs = 20;

    /// <summary>The overview, filtered.</summary>
    public async Task<OverviewModel> ReadOverviewAsync(OverviewFilter filter, CancellationToken cancellationToken)
    {
        var apps = await status.ListAppsAsync(cancellationToken);
        var known = await facts.ReadAsync(apps.Where(a => a.Commit is not null).Select(a => (a.Source, a.Commit!)), cancellationToken);
        return BuildOverview(apps, known, filter, gitOps.Value);
    }

    /// <summary>The overview from status views and commit facts already read (the benchmark renders from here).</summary>
    public static OverviewModel BuildOverview(
        IReadOnlyList<AppStatusView> apps, IReadOnlyDictionary<(string Source, string Commit), CommitFacts.Facts> known, OverviewFilter filter, GitOpsOptions gitOps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(filter);
        var rows = apps.Select(a => ToRow(a, a.Commit is null ? null : known.GetValueOrDefault((a.Source, a.Commit)), gitOps)).ToList();
        return new OverviewModel
        {
            Filter = filter,
            Rows = [.. rows.Where(filter.Matches)],
            Total = rows.Count,
            Sources = Distinct(rows.Select(r => r.Source)),
            Clusters = Distinct(rows.Select(r => r.Cluster)),
            Namespaces = Distinct(rows.Select(r => r.Namespace)),
        };
    }

    /// <summary>One app's page, or null when the app has no status; with <paramref name="withLive"/>, also what a sync would change now.</summary>
    public async Task<AppModel?> ReadAppAsync(string app, bool withLive, CancellationToken cancellationToken)
    {
        var view = await status.GetAppAsync(app, cancellationToken);
        if (view is null)
        {
            return null;
        }

        var known = view.Commit is null ? null : (await facts.ReadAsync([(view.Source, view.Commit)], cancellationToken)).GetValueOrDefault((view.Source, view.Commit));
        var report = await drift.GetLatestAsync(app, cancellationToken);
        var model = new AppModel
        {
            Row = ToRow(view, known, gitOps.Value),
            SyncSummary = view.SyncSummary,
            Errors = view.Errors,
            Changes = view.Changes ?? [],
            Drift = report,
            Jobs = await jobs.ListRecentAsync(AppJobs, app, cancellationToken),
        };
        if (!withLive)
        {
            return model;
        }

        try
        {
            return model with { Live = await live.ReadAsync(view.Source, app, report, cancellationToken) };
        }
        catch (Exception ex) when (ex is SourceException or AppDefinitionException or RenderException or KubernetesApiException or HttpRequestException or ApplySetException or IOException
            && !cancellationToken.IsCancellationRequested)
        {
            return model with { LiveError = ex.Message };
        }
    }

    /// <summary>The jobs page.</summary>
    public async Task<JobsModel> ReadJobsAsync(CancellationToken cancellationToken) => new(await status.GetJobsAsync(cancellationToken: cancellationToken));

    private static AppRow ToRow(AppStatusView view, CommitFacts.Facts? known, GitOpsOptions gitOps) => new()
    {
        App = view.App,
        Source = view.Source,
        Cluster = view.Cluster,
        Namespace = known?.Namespaces.GetValueOrDefault(view.App),
        Sync = State.OfSync(view.SyncResult),
        Health = State.OfHealth(view.Health),
        Drift = State.OfDrift(view.DriftState),
        DriftSummary = view.DriftSummary,
        Commit = view.Commit is null ? null : new CommitView(view.Commit, CommitLinks.For(gitOps.Sources.GetValueOrDefault(view.Source), view.Commit), known?.Subject),
        SyncedAt = view.LastSyncAt,
        Duration = view.SyncDuration,
    };

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) => [.. values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
