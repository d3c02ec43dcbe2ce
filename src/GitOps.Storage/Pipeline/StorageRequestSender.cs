using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using GitOps.Storage.Errors;

namespace GitOps.Storage.Pipeline;

/// <summary>Sends one request through the pipeline and maps failures to <see cref="StorageRequestException"/>.</summary>
internal sealed class StorageRequestSender(HttpPipeline pipeline, Uri endpoint)
{
    public Uri Endpoint { get; } = endpoint;

    public HttpMessage CreateMessage(RequestMethod method)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Endpoint);
        return message;
    }

    /// <summary>Sends the message; returns its response (any status) or throws a transport StorageRequestException.</summary>
    public async ValueTask<Response> SendAsync(HttpMessage message, string operation, string resource, CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message.Response;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or IOException or HttpRequestException)
        {
            throw StorageErrors.FromTransport(ex, operation, resource, Endpoint);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw StorageErrors.FromTransport(ex, operation, resource, Endpoint);
        }
    }

    /// <summary>Sends the message and throws a StorageRequestException unless the status is 2xx.</summary>
    public async ValueTask<Response> SendCheckedAsync(HttpMessage message, string operation, string resource, CancellationToken cancellationToken)
    {
        var response = await SendAsync(message, operation, resource, cancellationToken).ConfigureAwait(false);
        return response.Status is >= 200 and < 300 ? response : throw StorageErrors.FromResponse(response, operation, resource);
    }
}
