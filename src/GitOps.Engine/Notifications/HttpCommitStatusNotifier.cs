using GitOps.Engine.Configuration;
using Microsoft.Extensions.Logging;

namespace GitOps.Engine.Notifications;

/// <summary>Posts commit statuses over HTTP; failures are logged and swallowed so they never fail a sync.</summary>
public sealed partial class HttpCommitStatusNotifier(HttpClient http, ILogger<HttpCommitStatusNotifier> logger) : ICommitStatusNotifier
{
    public async Task NotifyAsync(string sourceName, SourceOptions source, string commit, string app, CommitState state, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(source.StatusApiUrl))
        {
            return;
        }

        try
        {
            using var request = CommitStatusRequest.Build(source, commit, app, state, description);
            request.Headers.UserAgent.ParseAdd("gitops-functions/1.0");
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRejected(logger, sourceName, app, commit, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, sourceName, app, commit, ex.Message);
        }
    }

    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning, Message = "Commit status for app {App} at {Commit} of source {Source} was rejected with HTTP {Code}")]
    private static partial void LogRejected(ILogger logger, string source, string app, string commit, int code);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Commit status for app {App} at {Commit} of source {Source} could not be sent: {Error}")]
    private static partial void LogFailed(ILogger logger, string source, string app, string commit, string error);
}
