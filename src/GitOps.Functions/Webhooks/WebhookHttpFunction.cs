using GitOps.Engine.Webhooks;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Webhooks;

/// <summary>POST /api/webhooks/{provider}: verifies a Git host's push delivery and queues the sync jobs it implies.</summary>
/// <remarks>Anonymous at the Functions level: the signature is the authentication. Cheap checks (provider, content type, declared length) come before reading the body; the size cap is enforced while reading.</remarks>
public sealed partial class WebhookHttpFunction(WebhookReceiver receiver, IOptions<WebhookOptions> options, WebhookMetrics metrics, ILogger<WebhookHttpFunction> logger) : IHttpFunction
{
    /// <inheritdoc />
    public string Name => "webhook";

    /// <inheritdoc />
    public string Route => "webhooks/{provider}";

    /// <inheritdoc />
    public IReadOnlyList<string> Methods { get; } = ["POST"];

    /// <inheritdoc />
    public string AuthLevel => "anonymous";

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var provider = request.RouteValues.TryGetValue("provider", out var p) ? p as string ?? "" : "";
        var max = options.Value.MaxBodyBytes;

        WebhookResult result;
        if (!WebhookProviders.TryParse(provider, out _))
        {
            result = Rejection(404, "unknown_provider", "unknown webhook provider");
        }
        else if (WebhookMediaType.Classify(request.ContentType) is null)
        {
            result = Rejection(415, "unsupported_media_type", "content type must be application/json or application/x-www-form-urlencoded");
        }
        else if (request.ContentLength > max)
        {
            result = Rejection(413, "body_too_large", $"body exceeds {max} bytes");
        }
        else
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            {
                // Our cap, also as the server's limit: it bounds what the server drains after we answer 413.
                sizeFeature.MaxRequestBodySize = max + 1;
            }

            byte[]? body;
            try
            {
                body = await CappedBodyReader.ReadAsync(request.Body, max, request.ContentLength, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                body = null; // the server's limit (ours, or a smaller one in front of us) fired first
            }

            result = body is null
                ? Rejection(413, "body_too_large", $"body exceeds {max} bytes")
                : await receiver.HandleAsync(new WebhookRequest(provider, Headers(request), body, request.ContentType), context.RequestAborted).ConfigureAwait(false);
        }

        Record(provider, result);
        context.Response.StatusCode = result.StatusCode;
        if (result.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The unread rest of the body makes the connection unusable for another request.
            context.Response.Headers.Connection = "close";
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(result.ToJson(), context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(string provider, WebhookResult result)
    {
        var safeProvider = WebhookProviders.TryParse(provider, out var known) ? known.ToString() : "unknown";
        if (result.Rejection is { } reason)
        {
            metrics.Rejected(safeProvider, reason);
            if (result.Error is { } error)
            {
                LogUnavailable(logger, safeProvider, result.StatusCode, reason, error);
            }
            else
            {
                LogRejected(logger, safeProvider, result.StatusCode, reason, result.Response.Reason ?? "");
            }

            return;
        }

        metrics.Accepted(safeProvider, result.Response.Status);
        if (result.Error is { } incomplete)
        {
            LogBookkeepingFailed(logger, safeProvider, result.Response.DeliveryId ?? "", incomplete);
        }

        LogAccepted(logger, safeProvider, result.Response.DeliveryId ?? "", result.Response.Status, result.Response.Jobs?.Count ?? 0, result.Response.Reason ?? "");
    }

    private static WebhookResult Rejection(int status, string rejection, string reason)
        => new(status, new WebhookResponse { Status = "rejected", Reason = reason }, rejection);

    private static Dictionary<string, string> Headers(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        return headers;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Webhook delivery from {Provider} rejected with {StatusCode} ({Rejection}): {Reason}")]
    private static partial void LogRejected(ILogger logger, string provider, int statusCode, string rejection, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Webhook delivery from {Provider} answered {StatusCode} ({Rejection}): the jobs could not be queued")]
    private static partial void LogUnavailable(ILogger logger, string provider, int statusCode, string rejection, Exception error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} from {Provider}: {Status}, {JobCount} job(s) {Reason}")]
    private static partial void LogAccepted(ILogger logger, string provider, string deliveryId, string status, int jobCount, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} from {Provider}: jobs queued, but a Queued job record or the delivery record could not be written (the worker writes the job records; a late redelivery may queue duplicates)")]
    private static partial void LogBookkeepingFailed(ILogger logger, string provider, string deliveryId, Exception error);
}
