using System.Security.Cryptography;
using System.Text;
using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Signatures;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>Which configured sources a delivery verifies for, and the most telling failure when none does.</summary>
/// <param name="Verified">The names of the verified sources.</param>
/// <param name="Failure">Why no source verified (meaningful when <paramref name="Verified"/> is empty).</param>
public sealed record WebhookAuthentication(IReadOnlySet<string> Verified, SignatureCheck Failure);

/// <summary>
/// Verifies one delivery against every configured source of its provider while the body streams in: header tokens
/// (GitLab) and unusable signature headers are decided before a byte of the body is read, and HMACs over the raw body
/// are computed chunk by chunk, so nothing needs the whole body to know whether the sender is authentic.
/// </summary>
/// <remarks>The payload is not trusted (or parsed) yet, so every source of the provider is tried; the payload's repository must later select one of the verified sources.</remarks>
public sealed class DeliveryAuthenticator : IDisposable
{
    private readonly HashSet<string> _verified = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Candidate> _candidates = [];
    private readonly bool _signsJson;
    private SignatureCheck _failure = SignatureCheck.MissingSecret;

    private DeliveryAuthenticator(bool signsJson) => _signsJson = signsJson;

    /// <summary>True when the signature covers the decoded JSON payload rather than the raw body (Gitea, form-encoded).</summary>
    public bool SignsJson => _signsJson;

    /// <summary>False when no source can verify whatever the body holds: reject without reading it.</summary>
    public bool CanSucceed => _verified.Count > 0 || _candidates.Count > 0;

    /// <summary>The result as known from the headers alone (final once <see cref="CanSucceed"/> is false).</summary>
    public WebhookAuthentication HeaderResult => new(_verified, _failure);

    /// <summary>Starts verifying a delivery from its headers.</summary>
    /// <param name="formEncoded">The body is application/x-www-form-urlencoded (Gitea then signs the decoded payload, not the raw body).</param>
    public static DeliveryAuthenticator Start(WebhookProvider provider, GitOpsOptions options, WebhookHeaders headers, bool formEncoded)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(headers);
        var authenticator = new DeliveryAuthenticator(provider == WebhookProvider.Gitea && formEncoded);
        var prefix = provider == WebhookProvider.Gitea ? "" : "sha256=";
        Span<byte> digest = stackalloc byte[32];
        foreach (var (name, source) in options.Sources)
        {
            if (!WebhookProviders.TryParse(source.Provider, out var p) || p != provider)
            {
                continue;
            }

            SignatureCheck check;
            if (provider == WebhookProvider.GitLab)
            {
                check = WebhookSignatures.VerifyGitLab(headers.Signature, source.WebhookSecrets);
            }
            else if (!WebhookSignatures.HasSecret(source.WebhookSecrets))
            {
                check = SignatureCheck.MissingSecret;
            }
            else if (string.IsNullOrWhiteSpace(headers.Signature))
            {
                check = SignatureCheck.MissingSignature;
            }
            else if (!WebhookSignatures.TryParseDigest(headers.Signature, prefix, digest))
            {
                check = SignatureCheck.MalformedSignature;
            }
            else
            {
                authenticator._candidates.Add(new Candidate(name, digest.ToArray(), source.WebhookSecrets));
                continue;
            }

            authenticator.Settle(name, check, options.AllowInsecureWebhooks);
        }

        return authenticator;
    }

    /// <summary>Feeds the next bytes of the raw body, as received.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_signsJson)
        {
            return;
        }

        foreach (var candidate in _candidates)
        {
            candidate.Append(chunk);
        }
    }

    /// <summary>Finishes after the whole body was appended; <paramref name="json"/> is the JSON payload (the decoded form field when form-encoded).</summary>
    public WebhookAuthentication Complete(ReadOnlySpan<byte> json)
    {
        foreach (var candidate in _candidates)
        {
            if (_signsJson)
            {
                candidate.Append(json);
            }

            Settle(candidate.Source, candidate.Matches() ? SignatureCheck.Valid : SignatureCheck.SignatureMismatch, allowInsecure: false);
        }

        return new WebhookAuthentication(_verified, _failure);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var candidate in _candidates)
        {
            candidate.Dispose();
        }
    }

    private void Settle(string source, SignatureCheck check, bool allowInsecure)
    {
        if (check == SignatureCheck.Valid || (check == SignatureCheck.MissingSecret && allowInsecure))
        {
            _verified.Add(source);
        }
        else if (Rank(check) > Rank(_failure))
        {
            _failure = check;
        }
    }

    // A delivery that carried a signature says more than one that did not.
    private static int Rank(SignatureCheck check) => check switch
    {
        SignatureCheck.SignatureMismatch => 3,
        SignatureCheck.MalformedSignature => 2,
        SignatureCheck.MissingSignature => 1,
        _ => 0,
    };

    /// <summary>One source whose header digest is compared with an HMAC per configured secret (rotation).</summary>
    private sealed class Candidate : IDisposable
    {
        private readonly byte[] _given;
        private readonly List<IncrementalHash> _hmacs = [];

        public Candidate(string source, byte[] given, IReadOnlyList<string> secrets)
        {
            Source = source;
            _given = given;
            foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
            {
                var key = Encoding.UTF8.GetBytes(secret);
                try
                {
                    _hmacs.Add(IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                }
            }
        }

        public string Source { get; }

        public void Append(ReadOnlySpan<byte> chunk)
        {
            foreach (var hmac in _hmacs)
            {
                hmac.AppendData(chunk);
            }
        }

        public bool Matches()
        {
            Span<byte> expected = stackalloc byte[32];
            var match = false;
            foreach (var hmac in _hmacs)
            {
                hmac.GetHashAndReset(expected);
                match |= CryptographicOperations.FixedTimeEquals(_given, expected);
            }

            return match;
        }

        public void Dispose()
        {
            foreach (var hmac in _hmacs)
            {
                hmac.Dispose();
            }
        }
    }
}
