using System.Text.Json;
using System.Text.Json.Serialization;
using GitOps.Engine.Webhooks.Payloads;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>The answer to a delivery: HTTP status, JSON body and, for rejections, a metric tag.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Response">The JSON body.</param>
/// <param name="Rejection">Short snake_case reason when the delivery was rejected (4xx/5xx), for logs and metrics.</param>
/// <param name="Error">The failure behind a 503, or a non-fatal failure behind a 2xx (the delivery record could not be completed), for logs.</param>
public sealed record WebhookResult(int StatusCode, WebhookResponse Response, string? Rejection = null, Exception? Error = null)
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

    /// <summary>Affected apps that are not synced because their definition is invalid; each job records the failure where users look.</summary>
    [JsonPropertyName("skipped")] public IReadOnlyList<SkippedApp>? Skipped { get; init; }
}

/// <summary>An app a push affects that cannot be synced, with why.</summary>
/// <param name="Source">The source that declares it.</param>
/// <param name="App">The app's name.</param>
/// <param name="Reason">Its definition's problems.</param>
/// <param name="Job">The job that reports the failure in the app's status, the job list and the commit status.</param>
public sealed record SkippedApp(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("job")] string Job);
