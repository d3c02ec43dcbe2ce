using System.Text.Json;
using System.Text.Json.Serialization;
using GitOps.Engine.Webhooks.Payloads;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>The answer to a delivery: HTTP status, JSON body and, for rejections, a metric tag.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Response">The JSON body.</param>
/// <param name="Rejection">Short snake_case reason when the delivery was rejected (4xx/5xx), for logs and metrics.</param>
/// <param name="Note">Something worth logging even though the delivery succeeded (never contains secrets).</param>
public sealed record WebhookResult(int StatusCode, WebhookResponse Response, string? Rejection = null, string? Note = null)
{
    /// <summary>The response body as UTF-8 JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(Response, WebhookJsonContext.Default.WebhookResponse);

    internal static WebhookResult Reject(int status, string rejection, string reason)
        => new(status, new WebhookResponse { Status = "rejected", Reason = reason }, rejection);
}

/// <summary>The JSON body of a webhook answer.</summary>
public sealed record WebhookResponse
{
    /// <summary>queued, duplicate, ignored, pong, rejected or unavailable.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("deliveryId")] public string? DeliveryId { get; init; }
    [JsonPropertyName("jobs")] public IReadOnlyList<string>? Jobs { get; init; }
}
