using System.Globalization;
using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GitOps.Kubernetes.Http;

/// <summary>
/// Retries in KubernetesClient's handler chain: a per-attempt timeout (the body is read within the attempt), retries with
/// backoff (429 always, honouring Retry-After; 500/503/504 and transport errors only when the request is idempotent, so a
/// create is never resent after a dropped connection), one renewal of the credentials after a 401, and metrics per attempt.
/// </summary>
internal sealed partial class RetryHandler(
    string clusterName, RetryPolicy retry, TimeSpan attemptTimeout, IRenewableTokenProvider? credentials, TimeProvider timeProvider, ILogger logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var label = RequestLabel.Of(request);
        var renewed = false;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(attemptTimeout);
            var started = timeProvider.GetTimestamp();
            HttpResponseMessage? response = null;
            Exception failure;
            string failureCode;
            try
            {
                response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                // Read the body within the attempt, so a slow or cut body is treated like a slow or cut response.
                await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                KubernetesMetrics.Record(clusterName, label.Verb, label.Resource, code.ToString(CultureInfo.InvariantCulture), timeProvider.GetElapsedTime(started));
                if (code == 401 && credentials is not null && !renewed)
                {
                    // The token may have been revoked or rotated early: fetch a fresh one, once.
                    renewed = true;
                    credentials.Renew();
                    request.Headers.Authorization = await credentials.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false);
                    response.Dispose();
                    attempt--;
                    continue;
                }

                if (!RetryPolicy.IsRetryableStatus(code, label.Idempotent) || attempt >= retry.MaxRetries)
                {
                    return response;
                }

                var hint = RetryPolicy.RetryAfter(response.Headers.RetryAfter, timeProvider.GetUtcNow())
                    ?? ApiStatusParser.RetryAfterSeconds(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                response.Dispose();
                var delay = retry.Delay(attempt, hint);
                KubernetesMetrics.RecordRetry(clusterName, label.Verb, label.Resource, code.ToString(CultureInfo.InvariantCulture));
                LogRetryStatus(logger, clusterName, label.Verb, label.Resource, code, attempt + 1, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = e;
                failureCode = "timeout";
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                failure = e;
                failureCode = "error";
            }

            response?.Dispose();
            KubernetesMetrics.Record(clusterName, label.Verb, label.Resource, failureCode, timeProvider.GetElapsedTime(started));
            var what = failureCode == "timeout" ? $"timed out after {attemptTimeout.TotalSeconds:0.#} s" : $"failed in transport: {Describe(failure)}";
            // A TLS failure (untrusted or mismatched certificate, rejected client certificate) does not heal by retrying.
            var tlsFailure = failure is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError };
            if (!label.Idempotent || tlsFailure || attempt >= retry.MaxRetries)
            {
                // A create that may have reached the server is never repeated: the caller must look before retrying.
                var retried = attempt == 0 ? "" : $" after {attempt + 1} attempts";
                throw new KubernetesApiException(
                    $"{label.Verb} {label.Resource} on cluster '{clusterName}' {what}{retried}",
                    0, failureCode == "timeout" ? "Timeout" : "TransportError", null, null, failure);
            }

            var backoff = retry.Delay(attempt, null);
            KubernetesMetrics.RecordRetry(clusterName, label.Verb, label.Resource, failureCode);
            LogRetryTransport(logger, clusterName, label.Verb, label.Resource, failure.Message, attempt + 1, backoff.TotalMilliseconds);
            await Task.Delay(backoff, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(Exception failure) =>
        failure.InnerException is { } inner ? $"{failure.Message} ({inner.Message})" : failure.Message;

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Verb} {Resource} got HTTP {Code}; retry {Retry} in {DelayMs:0} ms")]
    private static partial void LogRetryStatus(ILogger logger, string cluster, string verb, string resource, int code, int retry, double delayMs);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Verb} {Resource} failed ({Error}); retry {Retry} in {DelayMs:0} ms")]
    private static partial void LogRetryTransport(ILogger logger, string cluster, string verb, string resource, string error, int retry, double delayMs);
}
