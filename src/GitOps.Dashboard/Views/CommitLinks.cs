using GitOps.Engine.Configuration;

namespace GitOps.Dashboard.Views;

/// <summary>Links a commit to its page on GitHub, GitLab, Gitea or Bitbucket, built from the configured source URL only.</summary>
public static class CommitLinks
{
    /// <summary>The commit's web page, or null when the source is not an https or ssh URL of a known provider.</summary>
    public static Uri? For(SourceOptions? source, string? commit)
    {
        if (source is null || string.IsNullOrEmpty(commit) || !commit.All(char.IsAsciiHexDigit) || WebBase(source.Url) is not { } web)
        {
            return null;
        }

        var path = source.Provider.ToLowerInvariant() switch
        {
            "github" or "gitea" => "/commit/",
            "gitlab" => "/-/commit/",
            "bitbucket" => "/commits/",
            _ => null,
        };
        return path is null ? null : new Uri(web + path + commit);
    }

    // https://host/org/repo(.git) or ssh://git@host/org/repo or git@host:org/repo, to https://host/org/repo (never credentials).
    private static string? WebBase(string url)
    {
        string host;
        string path;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "ssh" && uri.Host.Length > 0)
        {
            host = uri.Host + (uri.Scheme == "https" && !uri.IsDefaultPort ? ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            path = uri.AbsolutePath;
        }
        else if (url.IndexOf('@', StringComparison.Ordinal) is var at and > 0 && url.IndexOf(':', at) is var colon and > 0 && !url.Contains("://", StringComparison.Ordinal))
        {
            host = url[(at + 1)..colon];
            path = "/" + url[(colon + 1)..];
        }
        else
        {
            return null;
        }

        path = path.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        return path.Count(c => c == '/') >= 2 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':') ? $"https://{host}{path}" : null;
    }
}
