using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;
using GitOps.Engine.Status;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Status;

/// <summary>App status in the GitOpsApps table: partition "app", row key = app name. Merge upserts keep columns others own (drift).</summary>
public sealed class TableAppStatusStore(TableClient table) : IAppStatusStore
{
    /// <summary>The table's name.</summary>
    public const string TableName = "GitOpsApps";

    private const string Partition = "app";

    // Table string properties hold at most 32K UTF-16 characters.
    private const int MaxJson = 30_000;

    public async Task UpsertAsync(AppStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        var entity = new TableEntity(Partition, status.App)
        {
            ["Source"] = status.Source,
            ["Cluster"] = status.Cluster,
            ["LastSyncedCommit"] = status.LastSyncedCommit,
            ["SyncResult"] = status.Result.ToString(),
            ["Health"] = status.Health,
            ["Created"] = status.Created,
            ["Configured"] = status.Configured,
            ["Pruned"] = status.Pruned,
            ["Unchanged"] = status.Unchanged,
            ["Failed"] = status.Failed,
            ["DurationMs"] = (long)status.Duration.TotalMilliseconds,
            ["LastSyncAt"] = status.LastSyncAt,
            ["Summary"] = status.Summary,
            ["Errors"] = EncodeBounded(status.Errors, StatusJsonContext.Default.ListString),
            ["JobId"] = status.JobId,
            ["Changes"] = status.Changes is null ? null : EncodeBounded(status.Changes, StatusJsonContext.Default.ListObjectChange),
        }.WithoutNulls();
        await table.WithTableAsync(ct => table.UpsertEntityAsync(entity, TableUpdateMode.Merge, ct), cancellationToken);
    }

    public async Task<AppStatus?> GetAsync(string app, CancellationToken cancellationToken = default)
    {
        var read = await table.ReadAsync(Partition, app, cancellationToken);
        return read.Entity is null ? null : FromEntity(read.Entity);
    }

    public async Task<IReadOnlyList<AppStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<AppStatus>();
        await foreach (var entity in table.QueryOrEmptyAsync($"PartitionKey eq '{Partition}'", null, null, cancellationToken))
        {
            list.Add(FromEntity(entity));
        }

        return list;
    }

    private static AppStatus FromEntity(TableEntity e) => new()
    {
        App = e.RowKey,
        Source = e.GetString("Source") ?? "",
        Cluster = e.GetString("Cluster"),
        LastSyncedCommit = e.GetString("LastSyncedCommit"),
        Result = Enum.TryParse<SyncResult>(e.GetString("SyncResult"), out var r) ? r : SyncResult.Failed,
        Health = e.GetString("Health") ?? "Unknown",
        Created = Int(e, "Created"),
        Configured = Int(e, "Configured"),
        Pruned = Int(e, "Pruned"),
        Unchanged = Int(e, "Unchanged"),
        Failed = Int(e, "Failed"),
        Duration = TimeSpan.FromMilliseconds(e.TryGetValue("DurationMs", out var d) ? Convert.ToDouble(d, System.Globalization.CultureInfo.InvariantCulture) : 0),
        LastSyncAt = e.TryGetValue("LastSyncAt", out var t) ? t as DateTimeOffset? ?? (t is DateTime dt ? new DateTimeOffset(dt, TimeSpan.Zero) : null) : null,
        Summary = e.GetString("Summary"),
        Errors = Decode(e.GetString("Errors"), StatusJsonContext.Default.ListString, json => [json]),
        Changes = Decode(e.GetString("Changes"), StatusJsonContext.Default.ListObjectChange, _ => []),
        JobId = e.GetString("JobId"),
    };

    private static int Int(TableEntity e, string key) => e.TryGetValue(key, out var v) && v is not null ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    // The list as JSON, cut from its end until it fits one table property (the lists put what matters most first).
    internal static string EncodeBounded<T>(IReadOnlyList<T> items, JsonTypeInfo<List<T>> type)
    {
        var kept = items.ToList();
        var json = JsonSerializer.Serialize(kept, type);
        while (json.Length > MaxJson && kept.Count > 1)
        {
            // Keep the share that fits, at least one item fewer each round: two or three rounds, not one per item.
            var fits = Math.Max(1, Math.Min(kept.Count - 1, (int)((long)kept.Count * MaxJson / json.Length)));
            kept.RemoveRange(fits, kept.Count - fits);
            json = JsonSerializer.Serialize(kept, type);
        }

        return json.Length > MaxJson ? "[]" : json;
    }

    // A column that is not a JSON list (written by hand, or by an older version) reads through its fallback.
    private static IReadOnlyList<T> Decode<T>(string? json, JsonTypeInfo<List<T>> type, Func<string, IReadOnlyList<T>> fallback)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, type) ?? [];
        }
        catch (JsonException)
        {
            return fallback(json);
        }
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ObjectChange>))]
internal sealed partial class StatusJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
