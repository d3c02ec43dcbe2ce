using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Storage.Tests.Support;

/// <summary>Injects storage faults into the SDK pipeline for requests that match, a given number of times.</summary>
internal sealed class FaultPolicy(Func<HttpMessage, bool> matches, FaultKind kind, int times) : HttpPipelinePolicy
{
    private int _injected;

    /// <summary>How many faults were injected.</summary>
    public int Injected => Math.Min(times, Volatile.Read(ref _injected));

    /// <summary>Matches requests with this method to a path that contains <paramref name="pathPart"/>.</summary>
    public static Func<HttpMessage, bool> Request(RequestMethod method, string pathPart) =>
        message => message.Request.Method == method && message.Request.Uri.Path.Contains(pathPart, StringComparison.Ordinal);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var inject = matches(message) && Interlocked.Increment(ref _injected) <= times;
        if (inject && kind == FaultKind.FailBeforeSending)
        {
            throw new RequestFailedException(503, "injected: the service is unavailable");
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (inject && kind == FaultKind.LoseResponse)
        {
            // The service did the work; the client never hears of it, and the retry policy sends the request again.
            throw new IOException("injected: the connection dropped before the response arrived");
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}

/// <summary>What <see cref="FaultPolicy"/> does to a matching request.</summary>
internal enum FaultKind
{
    /// <summary>The request is done by the service but its response is lost (a retry follows).</summary>
    LoseResponse,

    /// <summary>The request never reaches the service; the client sees a 503.</summary>
    FailBeforeSending,
}
