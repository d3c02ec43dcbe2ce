using Azure.Data.Tables;
using GitOps.Engine.Jobs;
using GitOps.Storage.Tables;

namespace GitOps.Storage.Jobs;

/// <summary>Maps <see cref="JobRecord"/> to and from table entities (readable columns in Storage Explorer).</summary>
internal static class JobRecordEntity
{
    // A string property holds at most 32 K UTF-16 characters; long failure texts are cut well below that.
    private const int MaxTextLength = 16_000;

    public static TableEntity ToEntity(JobRecord record, string partitionKey, string rowKey)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["JobId"] = record.JobId,
            ["Source"] = record.Source,
            ["App"] = record.App,
            ["Reason"] = record.Reason.ToString(),
            ["State"] = record.State.ToString(),
            ["QueuedAt"] = record.QueuedAt,
            ["Attempts"] = record.Attempts,
            ["DeliveryId"] = record.DeliveryId,
            ["Commit"] = record.Commit,
            ["StartedAt"] = record.StartedAt,
            ["FinishedAt"] = record.FinishedAt,
            ["Error"] = Cut(record.Error),
            ["Summary"] = Cut(record.Summary),
        };
        return entity.WithoutNulls();
    }

    public static JobRecord FromEntity(TableEntity entity) => new()
    {
        JobId = entity.GetString("JobId") ?? "",
        Source = entity.GetString("Source") ?? "",
        App = entity.GetString("App") ?? "",
        Reason = Enum.TryParse<SyncReason>(entity.GetString("Reason"), out var reason) ? reason : SyncReason.Manual,
        State = Enum.TryParse<JobState>(entity.GetString("State"), out var state) ? state : JobState.Failed,
        QueuedAt = entity.GetDateTimeOffset("QueuedAt") ?? default,
        Attempts = entity.GetInt32("Attempts") ?? 0,
        DeliveryId = entity.GetString("DeliveryId"),
        Commit = entity.GetString("Commit"),
        StartedAt = entity.GetDateTimeOffset("StartedAt"),
        FinishedAt = entity.GetDateTimeOffset("FinishedAt"),
        Error = entity.GetString("Error"),
        Summary = entity.GetString("Summary"),
    };

    private static string? Cut(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] + "…" : text;
}
