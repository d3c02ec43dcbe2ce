using System.Security.Cryptography;
using System.Text;

namespace GitOps.Engine.Webhooks.Signatures;

/// <summary>Pure signature checks per provider (docs/architecture.md, platform facts). Any configured secret may match (rotation); no secret never matches.</summary>
public static class WebhookSignatures
{
    private const int Sha256HexLength = 64;
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>GitHub <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c> over the raw body bytes as received (also for form-encoded bodies).</summary>
    public static SignatureCheck VerifyGitHub(string? header, ReadOnlySpan<byte> rawBody, IReadOnlyList<string> secrets)
        => VerifyPrefixedHex(header, "sha256=", rawBody, secrets);

    /// <summary>Bitbucket Cloud <c>X-Hub-Signature: sha256=&lt;hex&gt;</c> over the raw body bytes.</summary>
    public static SignatureCheck VerifyBitbucket(string? header, ReadOnlySpan<byte> rawBody, IReadOnlyList<string> secrets)
        => VerifyPrefixedHex(header, "sha256=", rawBody, secrets);

    /// <summary>Gitea/Forgejo <c>X-Gitea-Signature</c> / <c>X-Forgejo-Signature</c>: bare hex over the JSON payload (the decoded <c>payload</c> field when form-encoded).</summary>
    public static SignatureCheck VerifyGitea(string? header, ReadOnlySpan<byte> jsonPayload, IReadOnlyList<string> secrets)
        => VerifyPrefixedHex(header, "", jsonPayload, secrets);

    /// <summary>GitLab <c>X-Gitlab-Token</c>: the plain secret, compared in fixed time.</summary>
    public static SignatureCheck VerifyGitLab(string? token, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!HasSecret(secrets))
        {
            return SignatureCheck.MissingSecret;
        }

        if (string.IsNullOrEmpty(token))
        {
            return SignatureCheck.MissingSignature;
        }

        // Hash both sides so the fixed-time compare also hides the secret's length.
        Span<byte> given = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), given);
        var match = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            SHA256.HashData(Encoding.UTF8.GetBytes(secret), expected);
            match |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return match ? SignatureCheck.Valid : SignatureCheck.SignatureMismatch;
    }

    private static SignatureCheck VerifyPrefixedHex(string? header, string prefix, ReadOnlySpan<byte> signed, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!HasSecret(secrets))
        {
            return SignatureCheck.MissingSecret;
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.MissingSignature;
        }

        Span<byte> given = stackalloc byte[32];
        if (!TryParseDigest(header, prefix, given))
        {
            return SignatureCheck.MalformedSignature;
        }

        Span<byte> expected = stackalloc byte[32];
        var match = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            var key = Encoding.UTF8.GetBytes(secret);
            try
            {
                HMACSHA256.HashData(key, signed, expected);
                match |= CryptographicOperations.FixedTimeEquals(given, expected);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        return match ? SignatureCheck.Valid : SignatureCheck.SignatureMismatch;
    }

    /// <summary>
    /// Reads "&lt;prefix&gt;&lt;64 lower-case hex digits&gt;" into <paramref name="digest"/> (32 bytes). Exactly as the hosts'
    /// own verifiers (GitHub's <c>@octokit/webhooks-methods</c> compares the header byte for byte): an upper-case prefix or
    /// digit is not the signature the host sent.
    /// </summary>
    public static bool TryParseDigest(string? header, string prefix, Span<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var value = (header ?? "").AsSpan().Trim();
        if (!value.StartsWith(prefix, StringComparison.Ordinal) || value.Length != prefix.Length + Sha256HexLength)
        {
            return false;
        }

        var hex = value[prefix.Length..];
        return !hex.ContainsAnyExcept(LowerHex)
            && Convert.FromHexString(hex, digest, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32;
    }

    /// <summary>True when at least one secret is configured (an empty entry is no secret).</summary>
    public static bool HasSecret(IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var s in secrets)
        {
            if (!string.IsNullOrEmpty(s))
            {
                return true;
            }
        }

        return false;
    }
}
