using System.Text.RegularExpressions;

namespace GitOps.Engine.Sources;

/// <summary>Removes credentials from text before it reaches a log or an exception: URL userinfo and known secret values.</summary>
public static partial class SecretScrubber
{
    /// <summary>Replaces "scheme://user:pass@" with "scheme://***@" and every occurrence of <paramref name="secrets"/> with "***".</summary>
    public static string Scrub(string text, IEnumerable<string?>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = UserInfo().Replace(text, "${scheme}://***@");
        foreach (var secret in secrets ?? [])
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                result = result.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return result;
    }

    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://[^/@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
