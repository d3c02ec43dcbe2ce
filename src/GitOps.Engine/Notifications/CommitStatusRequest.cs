using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Engine.Configuration;

namespace GitOps.Engine.Notifications;

/// <summary>Builds the HTTP request of each host's commit status API (GitHub, GitLab, Gitea).</summary>
public static class CommitStatusRequest
{
    /// <summary>The longest description any host accepts (GitHub: 140).</summary>
    public const int MaxDescription = 140;

    /// <summary>Builds the request; throws <see cref="ArgumentException"/> for unsupported providers or a missing repository.</summary>
    public static HttpRequestMessage Build(SourceOptions source, string commit, string app, CommitState state, string description)
    {
        ArgumentNullException.ThrowIfNull(source);
        var api = (source.StatusApiUrl ?? throw new ArgumentException("SourceOptions.StatusApiUrl is not set")).TrimEnd('/');
        if (!commit.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{commit}' is not a commit id", nameof(commit));
        }

        var repository = RepositoryPath(source);
        var context = $"gitops-functions/{app}";
        var text = description.Length <= MaxDescription ? description : string.Concat(description.AsSpan(0, MaxDescription - 1), "…");
        var token = source.StatusToken ?? source.Token;
        switch (source.Provider.ToLowerInvariant())
        {
            case "github":
            case "gitea":
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"{api}/repos/{repository}/statuses/{commit}")
                {
                    Content = new StringContent(JsonSerializer.Serialize(new CommitStatusBody(GitHubState(state), context, text), NotificationsJsonContext.Default.CommitStatusBody), Encoding.UTF8, "application/json"),
                };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (token is not null)
                {
                    request.Headers.Authorization = source.Provider.Equals("gitea", StringComparison.OrdinalIgnoreCase)
                        ? new AuthenticationHeaderValue("token", token)
                        : new AuthenticationHeaderValue("Bearer", token);
                }

                return request;
            }

            case "gitlab":
            {
                var query = $"state={GitLabState(state)}&name={Uri.EscapeDataString(context)}&description={Uri.EscapeDataString(text)}";
                var request = new HttpRequestMessage(HttpMethod.Post, $"{api}/projects/{Uri.EscapeDataString(repository)}/statuses/{commit}?{query}");
                if (token is not null)
                {
                    request.Headers.Add("PRIVATE-TOKEN", token);
                }

                return request;
            }

            default:
                throw new ArgumentException($"commit status is not supported for provider '{source.Provider}'");
        }
    }

    /// <summary>"owner/repo" from <see cref="SourceOptions.Repository"/> or the clone URL's path.</summary>
    public static string RepositoryPath(SourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = source.Repository;
        if (string.IsNullOrWhiteSpace(path))
        {
            var url = source.Url;
            var colon = url.IndexOf(':', StringComparison.Ordinal);
            path = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != "file" ? uri.AbsolutePath
                : colon > 0 && url.Contains('@', StringComparison.Ordinal) ? url[(colon + 1)..] : null;
        }

        path = path?.Trim('/');
        if (path is not null && path.EndsWith(".git", StringComparison.Ordinal))
        {
            path = path[..^4];
        }

        if (string.IsNullOrEmpty(path) || path.Contains("..", StringComparison.Ordinal) || !path.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"cannot tell the repository (owner/name) of source URL; set Repository");
        }

        return path;
    }

    private static string GitHubState(CommitState state) => state switch
    {
        CommitState.Pending => "pending",
        CommitState.Success => "success",
        CommitState.Failure => "failure",
        _ => "error",
    };

    private static string GitLabState(CommitState state) => state switch
    {
        CommitState.Pending => "running",
        CommitState.Success => "success",
        _ => "failed",
    };
}

/// <summary>GitHub/Gitea status body.</summary>
public sealed record CommitStatusBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("state")] string State,
    [property: System.Text.Json.Serialization.JsonPropertyName("context")] string Context,
    [property: System.Text.Json.Serialization.JsonPropertyName("description")] string Description);

[System.Text.Json.Serialization.JsonSerializable(typeof(CommitStatusBody))]
internal sealed partial class NotificationsJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
