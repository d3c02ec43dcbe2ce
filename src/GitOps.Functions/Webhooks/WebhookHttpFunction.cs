using System.Globalization;
using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks;
using GitOps.Engine.Webhooks.Payloads;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Webhooks;

/// <summary>POST /api/webhooks/{provider}: verifies a Git host's push delivery and queues the sync jobs it implies.</summary>
/// <remarks>
/// Anonymous at the Functions level: the signature is the authentication. Cheap checks (provider, content type, declared
/// length) and the headers' own verdict (a GitLab token, an unusable signature header) come before reading the body; the
/// body is then read within the size cap and the process-wide budget of unauthenticated bytes, its HMACs computed as it
/// arrives, and only an authenticated body is handed to the receiver.
/// </remarks>
public sealed partial class WebhookHttpFunction(
    WebhookReceiver receiver, IOptions<GitOpsOptions> gitOps, IOptions<WebhookOptions> options, UnauthenticatedBodyBudget budget, WebhookMetrics metrics,
    ILogger<WebhookHttpFunction> logger) : IHttpFunction
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
        if (!WebhookProviders.TryParse(provider, out var known))
        {
            result = Rejection(404, "unknown_provider", "unknown webhook provider");
        }
        else if (WebhookMediaType.Classify(request.ContentType) is not { } form)
        {
            result = Rejection(415, "unsupported_media_type", "content type must be application/json or application/x-www-form-urlencoded");
        }
        else if (request.ContentLength > max)
        {
            result = TooLarge(max);
        }
        else
        {
            result = await ReadAndReceiveAsync(context, provider, known, form, max).ConfigureAwait(false);
        }

        Record(provider, result);
        context.Response.StatusCode = result.StatusCode;
        if (result.Rejection is "body_too_large" or "busy")
        {
            // The unread rest of the body makes the connection unusable for another request.
            context.Response.Headers.Connection = "close";
        }

        if (result.Rejection == "busy")
        {
            context.Response.Headers.RetryAfter = ((long)options.Value.BusyRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(result.ToJson(), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<WebhookResult> ReadAndReceiveAsync(HttpContext context, string route, WebhookProvider provider, bool form, long max)
    {
        var request = context.Request;
        var headers = Headers(request);
        using var authenticator = DeliveryAuthenticator.Start(provider, gitOps.Value, WebhookHeaders.Parse(provider, headers), form);
        if (!authenticator.CanSucceed)
        {
            // The headers alone fail every source (a wrong GitLab token, no usable signature): the body is never read.
            return Unauthenticated(authenticator.HeaderResult);
        }

        if (request.ContentLength is { } declared && declared > budget.Available)
        {
            return Busy();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Our cap, also as the server's limit: it bounds what the server drains after we answer 413.
            sizeFeature.MaxRequestBodySize = max + 1;
        }

        byte[] bytes;
        WebhookAuthentication authentication;
        try
        {
            var (outcome, body) = await UnauthenticatedBody.ReadAsync(request.Body, max, budget, authenticator, context.RequestAborted).ConfigureAwait(false);
            using (body)
            {
                if (outcome != BodyReadOutcome.Complete)
                {
                    return outcome == BodyReadOutcome.Busy ? Busy() : TooLarge(max);
                }

                // Gitea signs the decoded form field, so only then is the body needed whole before it is authenticated.
                var whole = authenticator.SignsJson ? body.ToArray() : null;
                authentication = authenticator.Complete(whole is null ? default : FormPayload.TryExtract(whole));
                if (authentication.Verified.Count == 0)
                {
                    return Unauthenticated(authentication);
                }

                bytes = whole ?? body.ToArray();
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max); // the server's limit (ours, or a smaller one in front of us) fired first
        }

        return await receiver.HandleAsync(new WebhookRequest(route, headers, bytes, request.ContentType, authentication), context.RequestAborted).ConfigureAwait(false);
    }

    private static WebhookResult Unauthenticated(WebhookAuthentication authentication)
    {
        var tag = SourceAuthenticator.Tag(authentication.Failure);
        return Rejection(401, tag, $"signature verification failed: {tag.Replace('_', ' ')}");
    }

    private static WebhookResult TooLarge(long max) => Rejection(413, "body_too_large", $"body exceeds {max} bytes");

    private static WebhookResult Busy()
        => new(503, new WebhookResponse { Status = "unavailable", Reason = "too many unauthenticated request bodies in progress; retry later" }, "busy");

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
