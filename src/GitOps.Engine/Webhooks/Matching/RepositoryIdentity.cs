using GitOps.Engine.Configuration;

namespace GitOps.Engine.Webhooks.Matching;

/// <summary>Repository identities ("owner/repo", "group/sub/repo") as compared between payloads and configured sources.</summary>
public static class RepositoryIdentity
{
    /// <summary>The identity a source answers to: <see cref="SourceOptions.Repository"/>, else the path of <see cref="SourceOptions.Url"/>.</summary>
    public static string? OfSource(SourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!string.IsNullOrWhiteSpace(source.Repository))
        {
            return Normalize(source.Repository);
        }

        return PathOfUrl(source.Url) is { } path ? Normalize(path) : null;
    }

    /// <summary>Trims slashes, whitespace and a trailing ".git"; null for an empty identity.</summary>
    public static string? Normalize(string? identity)
    {
        var s = identity?.Trim().Trim('/');
        if (s is not null && s.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^4].TrimEnd('/');
        }

        return string.IsNullOrEmpty(s) ? null : s;
    }

    /// <summary>True when two identities name the same repository (hosts compare names case-insensitively).</summary>
    public static bool Matches(string? a, string? b)
    {
        var x = Normalize(a);
        var y = Normalize(b);
        return x is not null && y is not null && string.Equals(x, y, StringComparison.OrdinalIgnoreCase);
    }

    private static string? PathOfUrl(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            if (!uri.IsFile)
            {
                return Uri.UnescapeDataString(uri.AbsolutePath);
            }

            url = uri.LocalPath;
        }
        else
        {
            // scp-like syntax: git@host:owner/repo.git
            var colon = url.IndexOf(':', StringComparison.Ordinal);
            var slash = url.IndexOf('/', StringComparison.Ordinal);
            if (colon > 0 && (slash < 0 || colon < slash))
            {
                return url[(colon + 1)..];
            }
        }

        // A local path (development): its last two segments stand for owner/repo.
        var parts = url.Replace('\\', '/').TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? parts[^2] + "/" + parts[^1] : parts.LastOrDefault();
    }
}
