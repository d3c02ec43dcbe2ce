using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GitOps.Kubernetes.Http;

/// <summary>
/// Sends requests to one API server: rate limiting, bearer token, per-attempt timeout, retries with backoff
/// (429 honouring Retry-After; 5xx and transport errors only when the request is idempotent), metrics.
/// </summary>
internal sealed partial class KubernetesRequestSender(
    string clusterName,
    HttpClient http,
    Uri server,
    IAccessTokenProvider? credentials,
    TokenBucketRateLimiter limiter,
    RetryPolicy retry,
    TimeSpan requestTimeout,
    TimeProvider timeProvider,
    ILogger logger)
{
    private static readonly ProductInfoHeaderValue UserAgent = new("gitops-functions", "1.0");
    private readonly Version _httpVersion = server.Scheme == Uri.UriSchemeHttps ? HttpVersion.Version20 : HttpVersion.Version11;

    /// <summary>Sends a request and returns the final response; throws <see cref="KubernetesApiException"/> (code 0) when no response could be had.</summary>
    public async Task<KubeResponse> SendAsync(KubeRequest request, CancellationToken cancellationToken)
    {
        var reauthenticated = false;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var message = await BuildAsync(request, cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(requestTimeout);
            var started = timeProvider.GetTimestamp();
            Exception failure;
            string failureCode;
            try
            {
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                KubernetesMetrics.Record(clusterName, request.Verb, request.Resource, code.ToString(CultureInfo.InvariantCulture), timeProvider.GetElapsedTime(started));

                if (code == 401 && credentials is not null && !reauthenticated)
                {
                    // The token may have been revoked or rotated early: fetch a fresh one once.
                    reauthenticated = true;
                    credentials.Invalidate();
                    attempt--;
                    continue;
                }

                if (!RetryPolicy.IsRetryableStatus(code, request.Idempotent) || attempt >= retry.MaxRetries)
                {
                    return new KubeResponse(code, body);
                }

                var hint = RetryPolicy.RetryAfter(response.Headers.RetryAfter, timeProvider.GetUtcNow()) ?? ApiStatusParser.RetryAfterSeconds(body);
                var delay = retry.Delay(attempt, hint);
                KubernetesMetrics.RecordRetry(clusterName, request.Verb, request.Resource, code.ToString(CultureInfo.InvariantCulture));
                LogRetryStatus(logger, clusterName, request.Verb, request.Resource, code, attempt + 1, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = e;
                failureCode = "timeout";
            }
            catch (HttpRequestException e)
            {
                failure = e;
                failureCode = "error";
            }
            catch (IOException e)
            {
                failure = e;
                failureCode = "error";
            }

            KubernetesMetrics.Record(clusterName, request.Verb, request.Resource, failureCode, timeProvider.GetElapsedTime(started));
            var what = failureCode == "timeout" ? $"timed out after {requestTimeout.TotalSeconds:0.#} s" : $"failed in transport: {Describe(failure)}";
            // A TLS failure (untrusted or mismatched certificate, rejected client certificate) does not heal by retrying.
            var tlsFailure = failure is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };
            if (!request.Idempotent || tlsFailure || attempt >= retry.MaxRetries)
            {
                // A create that may have reached the server is never repeated: the caller must look before retrying.
                var retried = attempt == 0 ? "" : $" after {attempt + 1} attempts";
                throw new KubernetesApiException(
                    $"{request.Verb} {request.Resource} on cluster '{clusterName}' {what}{retried}",
                    0, failureCode == "timeout" ? "Timeout" : "TransportError", request.Object, null, failure);
            }

            var backoff = retry.Delay(attempt, null);
            KubernetesMetrics.RecordRetry(clusterName, request.Verb, request.Resource, failureCode);
            LogRetryTransport(logger, clusterName, request.Verb, request.Resource, failure.Message, attempt + 1, backoff.TotalMilliseconds);
            await Task.Delay(backoff, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(Exception failure) =>
        failure.InnerException is { } inner ? $"{failure.Message} ({inner.Message})" : failure.Message;

    private async Task<HttpRequestMessage> BuildAsync(KubeRequest request, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(server, request.PathAndQuery))
        {
            Version = _httpVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        // Our own constant header values: added as they are, without parsing them on every request.
        message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        message.Headers.UserAgent.Add(UserAgent);
        if (credentials is not null)
        {
            var token = await credentials.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (request.Body is not null)
        {
            var content = new ByteArrayContent(request.Body);
            content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
            message.Content = content;
        }

        return message;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Verb} {Resource} got HTTP {Code}; retry {Retry} in {DelayMs:0} ms")]
    private static partial void LogRetryStatus(ILogger logger, string cluster, string verb, string resource, int code, int retry, double delayMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Verb} {Resource} failed ({Error}); retry {Retry} in {DelayMs:0} ms")]
    private static partial void LogRetryTransport(ILogger logger, string cluster, string verb, string resource, string error, int retry, double delayMs);
}
