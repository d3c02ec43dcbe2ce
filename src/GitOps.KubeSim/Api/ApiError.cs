using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Api;

/// <summary>A failed API call, answered as a Kubernetes Status object with the real reason and code.</summary>
public sealed class ApiError : Exception
{
    private ApiError(int code, string reason, string message, JsonObject? details)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>HTTP status code.</summary>
    public int Code { get; }

    /// <summary>metav1.StatusReason, e.g. NotFound.</summary>
    public string Reason { get; }

    /// <summary>The Status details object, when any.</summary>
    public JsonObject? Details { get; }

    /// <summary>Seconds to put in Retry-After, when any.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The Status document.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }

    internal static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", DetailsOf(type, name));

    internal static ApiError NotFoundPath(string path) =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnexpectedServerResponse", ["message"] = "404 page not found: " + path }) });

    internal static ApiError NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    internal static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", DetailsOf(type, name));

    internal static ApiError ResourceVersionConflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", DetailsOf(type, name));

    internal static ApiError ApplyConflict(string message, JsonArray causes) =>
        new(409, "Conflict", message, new JsonObject { ["causes"] = causes });

    internal static ApiError Invalid(ResourceType type, string name, IReadOnlyList<(string Field, string Reason, string Message)> causes)
    {
        var details = DetailsOf(type, name);
        details["kind"] = type.Kind;
        var array = new JsonArray();
        foreach (var (field, reason, message) in causes)
        {
            array.Add(new JsonObject { ["reason"] = reason, ["message"] = message, ["field"] = field });
        }

        details["causes"] = array;
        var kind = type.Group.Length == 0 ? type.Kind : type.Kind + "." + type.Group;
        var text = causes.Count == 1
            ? $"{causes[0].Field}: {causes[0].Message}"
            : "[" + string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}")) + "]";
        return new(422, "Invalid", $"{kind} \"{name}\" is invalid: {text}", details);
    }

    internal static ApiError Invalid422Patch(string message) => new(422, "Invalid", message, null);

    internal static ApiError RequestTooLarge() => new(413, "RequestEntityTooLarge", "Request entity too large: limit is 8388608", null);

    internal static ApiError BadRequest(string message) => new(400, "BadRequest", message, null);

    internal static ApiError MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message, null);

    internal static ApiError UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {contentType})", null);

    internal static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized", null);

    internal static ApiError TooManyRequests(int retryAfter) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.", new JsonObject { ["retryAfterSeconds"] = retryAfter }) { RetryAfterSeconds = retryAfter };

    internal static ApiError InternalError(string message) =>
        new(500, "InternalError", "Internal error occurred: " + message, new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    internal static ApiError ServiceUnavailable(int retryAfter = 1) => new(503, "ServiceUnavailable", "the server is currently unable to handle the request", null) { RetryAfterSeconds = retryAfter };

    internal static ApiError Timeout() =>
        new(504, "Timeout", "Timeout: request did not complete within requested timeout - context deadline exceeded", new JsonObject { ["retryAfterSeconds"] = 1 });

    internal static ApiError Gone(string message) => new(410, "Expired", message, null);

    internal static ApiError Forbidden(ResourceType type, string name, string message) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {message}", DetailsOf(type, name));

    private static JsonObject DetailsOf(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        return details;
    }
}
