using System.Net;
using GitOps.Testing;

namespace GitOps.Engine.Tests.Notifications;

/// <summary>A loopback HTTP server that records one request and answers with a fixed status, standing in for a Git host's status API.</summary>
internal sealed class StatusEndpointFake : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly TaskCompletionSource<RecordedRequest> received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StatusEndpointFake(HttpStatusCode answer = HttpStatusCode.Created)
    {
        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}/api/v3";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = ServeAsync(answer);
    }

    public string BaseUrl { get; }

    public async Task<RecordedRequest> NextAsync() => await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Dispose() => listener.Close();

    private async Task ServeAsync(HttpStatusCode answer)
    {
        try
        {
            var ctx = await listener.GetContextAsync();
            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            received.TrySetResult(new RecordedRequest(ctx.Request.HttpMethod, ctx.Request.RawUrl ?? "", ctx.Request.Headers["Authorization"], ctx.Request.Headers["PRIVATE-TOKEN"], ctx.Request.ContentType, body));
            ctx.Response.StatusCode = (int)answer;
            ctx.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            received.TrySetException(ex);
        }
    }
}

internal sealed record RecordedRequest(string Method, string RawUrl, string? Authorization, string? PrivateToken, string? ContentType, string Body);
