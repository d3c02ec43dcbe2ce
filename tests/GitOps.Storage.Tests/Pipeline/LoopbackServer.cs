using System.Collections.Concurrent;
using System.Net;
using GitOps.Testing;

namespace GitOps.Storage.Tests.Pipeline;

/// <summary>A tiny HTTP server on 127.0.0.1 that answers with scripted statuses and records what it received.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<int, int> _statusForAttempt;
    private readonly Task _loop;
    private int _attempts;

    private LoopbackServer(HttpListener listener, int port, Func<int, int> statusForAttempt)
    {
        _listener = listener;
        Port = port;
        _statusForAttempt = statusForAttempt;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/devstoreaccount1");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts on a free port; <paramref name="statusForAttempt"/> maps the 1-based attempt number to the status to answer.</summary>
    public static LoopbackServer Start(Func<int, int> statusForAttempt)
    {
        for (var tries = 0; ; tries++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackServer(listener, port, statusForAttempt);
            }
            catch (HttpListenerException) when (tries < 5)
            {
                // Another process took the port between probe and bind; try another.
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var attempt = Interlocked.Increment(ref _attempts);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "", headers));
            var status = _statusForAttempt(attempt);
            context.Response.StatusCode = status;
            if (status >= 400)
            {
                context.Response.Headers["x-ms-error-code"] = status == 503 ? "ServerBusy" : "Scripted";
            }

            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>What the loopback server received.</summary>
internal sealed record RecordedRequest(string Method, string RawUrl, IReadOnlyDictionary<string, string> Headers);
