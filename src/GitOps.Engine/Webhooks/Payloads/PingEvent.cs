using System.Text.Json.Serialization;

namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>GitHub's <c>ping</c>, sent when a hook is created.</summary>
public sealed record PingEvent
{
    [JsonPropertyName("zen")] public string? Zen { get; init; }
    [JsonPropertyName("hook_id")] public long? HookId { get; init; }
    [JsonPropertyName("repository")] public GitHubRepository? Repository { get; init; }
}
