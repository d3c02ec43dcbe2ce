using Azure.Data.Tables;
using GitOps.Engine.Drift.Sweep;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Drift;

/// <summary>Drift reports in table storage: the latest as columns of the app's GitOpsApps row (merged, so sync columns stay), and a history in GitOpsDriftHistory.</summary>
/// <remarks>History rows: partition = app, row key = inverted ticks, so a query returns newest first. Only reports with drift or errors are kept in the history.</remarks>
public sealed class TableDriftStore(TableClient apps, TableClient history) : IDriftStore
{
    /// <summary>The history table's name.</summary>
    public const string HistoryTableName = "GitOpsDriftHistory";

    private const string AppsPartition = "app";

    // Table string properties hold at most 32K UTF-16 characters; a longer report keeps its first findings.
    private const int MaxReportChars = 30_000;

    public async Task RecordAsync(AppDriftReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = DriftReportJson.Serialize(report, MaxReportChars);
        var latest = new TableEntity(AppsPartition, report.App)
        {
            ["Source"] = report.Source,
            ["Cluster"] = report.Cluster,
            ["DriftState"] = report.State.ToString(),
            ["DriftSummary"] = Truncate(report.Summary, 1_000),
            ["DriftCount"] = report.Findings.Count,
            ["LastSweepAt"] = report.SweptAt,
            ["DriftReport"] = json,
        }.WithoutNulls();
        await apps.WithTableAsync(ct => apps.UpsertEntityAsync(latest, TableUpdateMode.Merge, ct), cancellationToken);

        if (report.State is DriftState.Drifted or DriftState.Error)
        {
            var row = new TableEntity(report.App, TableKeys.NewestFirst(report.SweptAt)) { ["Report"] = json };
            await history.WithTableAsync(ct => history.UpsertEntityAsync(row, TableUpdateMode.Replace, ct), cancellationToken);
        }
    }

    public async Task<AppDriftReport?> GetLatestAsync(string app, CancellationToken cancellationToken = default)
    {
        var read = await apps.ReadAsync(AppsPartition, app, cancellationToken);
        return read.Entity?.GetString("DriftReport") is { } json ? DriftReportJson.Deserialize(json) : null;
    }

    public async Task<IReadOnlyList<AppDriftReport>> GetHistoryAsync(string app, int max, CancellationToken cancellationToken = default)
    {
        var list = new List<AppDriftReport>();
        await foreach (var entity in history.QueryOrEmptyAsync($"PartitionKey eq {TableKeys.Quote(app)}", Math.Min(max, 1000), null, cancellationToken))
        {
            if (entity.GetString("Report") is { } json && DriftReportJson.Deserialize(json) is { } report)
            {
                list.Add(report);
            }

            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
