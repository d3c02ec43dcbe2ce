using System.Text.Json.Serialization;

namespace GitOps.Engine.Jobs;

/// <summary>A queue message asking the engine to reconcile one app of one source to its branch head.</summary>
/// <remarks>
/// The job never carries a URL or a path: it names a configured source and an app declared in it
/// (docs/architecture.md §D3). <see cref="CommitHint"/> is only a hint; the sync resolves the head when it runs.
/// </remarks>
public sealed record SyncJob
{
    /// <summary>The message schema this build writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyName("schemaVersion")] public required int SchemaVersion { get; init; }
    [JsonPropertyName("jobId")] public required string JobId { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("app")] public required string App { get; init; }
    [JsonPropertyName("reason")] public required SyncReason Reason { get; init; }
    [JsonPropertyName("requestedAt")] public required DateTimeOffset RequestedAt { get; init; }
    [JsonPropertyName("deliveryId")] public string? DeliveryId { get; init; }
    [JsonPropertyName("commitHint")] public string? CommitHint { get; init; }
    /// <summary>Set when a sync re-enqueues itself to continue (docs/architecture.md §D9); opaque to everything but the sync.</summary>
    [JsonPropertyName("resume")] public string? Resume { get; init; }
    /// <summary>Object keys to apply for a drift heal; null means the reason's default (all objects or changed only).</summary>
    [JsonPropertyName("objects")] public IReadOnlyList<string>? Objects { get; init; }
}

/// <summary>Why a sync was requested.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SyncReason>))]
public enum SyncReason
{
    Push,
    Manual,
    Drift,
    Poll,
    Resume,
}
