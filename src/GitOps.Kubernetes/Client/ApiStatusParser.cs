using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Kubernetes.Client;

/// <summary>Turns a failed response (ideally a metav1 Status) into a <see cref="KubernetesApiException"/>.</summary>
internal static class ApiStatusParser
{
    private const int MaxBodyInMessage = 512;

    /// <summary>Builds the exception for a non-success response.</summary>
    public static KubernetesApiException ToException(int code, ReadOnlySpan<byte> body, string verb, string target, ObjectRef? obj)
    {
        var status = TryParseStatus(body);
        var reason = (string?)status?["reason"] ?? DefaultReason(code);
        var message = (string?)status?["message"];
        if (string.IsNullOrWhiteSpace(message))
        {
            var text = Encoding.UTF8.GetString(body.Length > MaxBodyInMessage ? body[..MaxBodyInMessage] : body).Trim();
            message = text.Length == 0 ? $"HTTP {code}" : $"HTTP {code}: {text}";
        }

        var causes = new List<StatusCause>();
        if (status?["details"]?["causes"] is JsonArray causeArray)
        {
            foreach (var cause in causeArray.OfType<JsonObject>())
            {
                causes.Add(new StatusCause((string?)cause["reason"], (string?)cause["message"], (string?)cause["field"]));
            }
        }

        var prefix = obj is null ? $"{verb} {target}" : verb;
        return new KubernetesApiException($"{prefix} failed: {message} ({reason}, {code.ToString(CultureInfo.InvariantCulture)})", code, reason, obj, causes)
        {
            RetryAfter = RetryAfterSeconds(status),
        };
    }

    /// <summary>details.retryAfterSeconds of a Status body, when present.</summary>
    public static TimeSpan? RetryAfterSeconds(ReadOnlySpan<byte> body) => RetryAfterSeconds(TryParseStatus(body));

    private static TimeSpan? RetryAfterSeconds(JsonObject? status) =>
        status?["details"]?["retryAfterSeconds"] is JsonValue value && value.TryGetValue<int>(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static JsonObject? TryParseStatus(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body[0] != (byte)'{')
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(body) as JsonObject;
            return (string?)node?["kind"] == "Status" ? node : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DefaultReason(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    };
}
