using System.Globalization;
using System.Text.Json;
using GitOps.Engine.Drift.Sweep;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Drift;

/// <summary>Drift reports in table storage: the latest as columns of the app's GitOpsApps row (merged, so sync columns stay), and a history in GitOpsDriftHistory.</summary>
/// <remarks>History rows: partition = app, row key = inverted ticks, so a query returns newest first. Only reports with drift or errors are kept in the history.</remarks>
public sealed class TableDriftStore(ITableClient apps, ITableClient history) : IDriftStore
{
    /// <summary>The history table's name.</summary>
    public const string HistoryTableName = "GitOpsDriftHistory";

    private const string AppsPartition = "app";

    // Table string properties hold at most 32K UTF-16 characters; a longer report keeps its first findings.
    private const int MaxReportChars = 30_000;

    private int created;

    public async Task RecordAsync(AppDriftReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await EnsureTablesAsync(cancellationToken);
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
        };
        await apps.UpsertEntityAsync(latest, TableUpdateMode.Merge, cancellationToken);

        if (report.State is DriftState.Drifted or DriftState.Error)
        {
            var rowKey = (DateTimeOffset.MaxValue.UtcTicks - report.SweptAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
            await history.UpsertEntityAsync(new TableEntity(report.App, rowKey) { ["Report"] = json }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<AppDriftReport?> GetLatestAsync(string app, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var entity = await apps.GetEntityAsync(AppsPartition, app, cancellationToken);
        return entity?.GetString("DriftReport") is { } json ? DriftReportJson.Deserialize(json) : null;
    }

    public async Task<IReadOnlyList<AppDriftReport>> GetHistoryAsync(string app, int max, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var list = new List<AppDriftReport>();
        var filter = $"PartitionKey eq '{app.Replace("'", "''", StringComparison.Ordinal)}'";
        await foreach (var entity in history.QueryAsync(filter, Math.Min(max, 1000), cancellationToken))
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

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref created) == 0)
        {
            await apps.CreateIfNotExistsAsync(cancellationToken);
            await history.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref created, 1);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
