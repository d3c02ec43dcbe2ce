using System.Text.Json;
using System.Text.Json.Serialization;
using GitOps.Engine.Jobs;

namespace GitOps.Engine.Sync;

/// <summary>The small state a sync carries in <c>SyncJob.Resume</c> while it waits for health (docs/architecture.md §D9).</summary>
/// <remarks>
/// <see cref="Changes"/> is what the job's passes so far did, so that a resumed pass adds to it instead of replacing it;
/// <see cref="Reason"/> is why the job was requested (its resume messages say Resume).
/// </remarks>
public sealed record ResumeState(
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("deadline")] DateTimeOffset Deadline,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("changes")] ChangeCounts? Changes = null,
    [property: JsonPropertyName("reason")] SyncReason? Reason = null)
{
    public string Serialize() => JsonSerializer.Serialize(this, ResumeJsonContext.Default.ResumeState);

    /// <summary>Parses the state; null for absent or unreadable state (the sync then starts afresh).</summary>
    public static ResumeState? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, ResumeJsonContext.Default.ResumeState);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(ResumeState))]
internal sealed partial class ResumeJsonContext : JsonSerializerContext;
