using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOps.Engine.Secrets.Sops;

/// <summary>Which values a SOPS file encrypts: by key suffix or key regex, matched against every key on a value's path.</summary>
/// <remarks>SOPS allows one rule per file; with none it uses <c>unencrypted_suffix: _unencrypted</c>.</remarks>
public sealed record SopsRules
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Keys ending so are left in plaintext (<c>unencrypted_suffix</c>).</summary>
    public string? UnencryptedSuffix { get; init; }

    /// <summary>Only keys ending so are encrypted (<c>encrypted_suffix</c>).</summary>
    public string? EncryptedSuffix { get; init; }

    /// <summary>Keys matching are left in plaintext (<c>unencrypted_regex</c>).</summary>
    public Regex? UnencryptedRegex { get; init; }

    /// <summary>Only keys matching are encrypted (<c>encrypted_regex</c>).</summary>
    public Regex? EncryptedRegex { get; init; }

    /// <summary>Reads the rule fields of a <c>sops</c> block.</summary>
    public static SopsRules Read(JsonObject block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var unencryptedSuffix = Text(block, "unencrypted_suffix");
        var encryptedSuffix = Text(block, "encrypted_suffix");
        var unencryptedRegex = Text(block, "unencrypted_regex");
        var encryptedRegex = Text(block, "encrypted_regex");
        if (Text(block, "encrypted_comment_regex") is not null || Text(block, "unencrypted_comment_regex") is not null)
        {
            throw new SopsException("sops encrypted_comment_regex and unencrypted_comment_regex are not supported (rendered manifests carry no comments); use encrypted_regex or a suffix rule");
        }

        var set = new[] { unencryptedSuffix, encryptedSuffix, unencryptedRegex, encryptedRegex }.Count(r => r is not null);
        if (set > 1)
        {
            throw new SopsException("sops metadata sets more than one of unencrypted_suffix, encrypted_suffix, unencrypted_regex, encrypted_regex; sops allows one");
        }

        return new SopsRules
        {
            UnencryptedSuffix = set == 0 ? "_unencrypted" : unencryptedSuffix,
            EncryptedSuffix = encryptedSuffix,
            UnencryptedRegex = Compile(unencryptedRegex, "unencrypted_regex"),
            EncryptedRegex = Compile(encryptedRegex, "encrypted_regex"),
        };
    }

    /// <summary>Whether the value at <paramref name="path"/> (its keys from the top) is encrypted under these rules.</summary>
    public bool ShouldEncrypt(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (UnencryptedSuffix is not null)
        {
            return !path.Any(k => k.EndsWith(UnencryptedSuffix, StringComparison.Ordinal));
        }

        if (EncryptedSuffix is not null)
        {
            return path.Any(k => k.EndsWith(EncryptedSuffix, StringComparison.Ordinal));
        }

        if (UnencryptedRegex is not null)
        {
            return !path.Any(UnencryptedRegex.IsMatch);
        }

        return EncryptedRegex is null || path.Any(EncryptedRegex.IsMatch);
    }

    private static string? Text(JsonObject block, string field) =>
        block[field] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static Regex? Compile(string? pattern, string field)
    {
        if (pattern is null)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new SopsException($"sops {field} is not a valid regular expression", ex);
        }
    }
}
