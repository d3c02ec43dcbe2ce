using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Functions.Tests.Webhooks;

/// <summary>A fault in the real storage client's pipeline: matching requests are delayed, or fail before they are sent.</summary>
internal sealed class StorageFaultPolicy(Func<HttpMessage, bool> matches, TimeSpan delay = default, bool fail = false) : HttpPipelinePolicy
{
    /// <summary>While true, matching requests fail before they are sent.</summary>
    public bool Failing { get; set; } = fail;

    /// <summary>Requests to a table or queue whose path contains <paramref name="name"/>, with this method.</summary>
    public static Func<HttpMessage, bool> To(RequestMethod method, string name) =>
        message => message.Request.Method == method && message.Request.Uri.Path.Contains(name, StringComparison.Ordinal);

    /// <summary>Requests whose body contains <paramref name="text"/> (a queue put of one app's job, say).</summary>
    public static Func<HttpMessage, bool> BodyContains(RequestMethod method, string text) => message =>
    {
        if (message.Request.Method != method || message.Request.Content is not { } content)
        {
            return false;
        }

        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains(text, StringComparison.Ordinal);
    };

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (matches(message))
        {
            if (Failing)
            {
                throw new RequestFailedException(503, "injected: the service is unavailable");
            }

            if (delay > TimeSpan.Zero)
            {
                // Cancellable like a real slow response: a caller's deadline ends the wait.
                await Task.Delay(delay, message.CancellationToken).ConfigureAwait(false);
            }
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
