using System.Text.Json.Serialization;
using GitOps.Engine.Webhooks.Receiving;

namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>Source-generated System.Text.Json metadata for the webhook payloads and responses.</summary>
[JsonSerializable(typeof(GitHubPushEvent))]
[JsonSerializable(typeof(GitLabPushEvent))]
[JsonSerializable(typeof(BitbucketPushEvent))]
[JsonSerializable(typeof(PingEvent))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    MaxDepth = WebhookJsonContext.MaxDepth)]
public sealed partial class WebhookJsonContext : JsonSerializerContext
{
    /// <summary>Deepest nesting accepted in a payload; real payloads stay below 10, hostile ones are cut off here.</summary>
    public const int MaxDepth = 64;
}
