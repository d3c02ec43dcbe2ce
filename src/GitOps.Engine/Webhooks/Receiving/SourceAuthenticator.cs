using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Signatures;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>Finds which configured sources of a provider a delivery's signature verifies for.</summary>
/// <remarks>The payload is not trusted (or parsed) yet, so every source of the provider is tried; the payload's repository must later select one of the verified sources.</remarks>
public static class SourceAuthenticator
{
    /// <summary>The names of the verified sources, and the most telling failure when there are none.</summary>
    public static (IReadOnlySet<string> Verified, SignatureCheck Failure) Authenticate(
        WebhookProvider provider, GitOpsOptions options, WebhookHeaders headers, ReadOnlySpan<byte> rawBody, ReadOnlySpan<byte> json)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(headers);
        var verified = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var failure = SignatureCheck.MissingSecret;
        foreach (var (name, source) in options.Sources)
        {
            if (!WebhookProviders.TryParse(source.Provider, out var p) || p != provider)
            {
                continue;
            }

            var check = provider switch
            {
                WebhookProvider.GitHub => WebhookSignatures.VerifyGitHub(headers.Signature, rawBody, source.WebhookSecrets),
                WebhookProvider.Bitbucket => WebhookSignatures.VerifyBitbucket(headers.Signature, rawBody, source.WebhookSecrets),
                WebhookProvider.Gitea => WebhookSignatures.VerifyGitea(headers.Signature, json, source.WebhookSecrets),
                _ => WebhookSignatures.VerifyGitLab(headers.Signature, source.WebhookSecrets),
            };

            if (check == SignatureCheck.Valid || (check == SignatureCheck.MissingSecret && options.AllowInsecureWebhooks))
            {
                verified.Add(name);
            }
            else if (Rank(check) > Rank(failure))
            {
                failure = check;
            }
        }

        return (verified, failure);
    }

    /// <summary>The metric tag for a failed check.</summary>
    public static string Tag(SignatureCheck check) => check switch
    {
        SignatureCheck.MissingSignature => "missing_signature",
        SignatureCheck.MalformedSignature => "malformed_signature",
        SignatureCheck.SignatureMismatch => "signature_mismatch",
        _ => "no_secret",
    };

    // A delivery that carried a signature says more than one that did not.
    private static int Rank(SignatureCheck check) => check switch
    {
        SignatureCheck.SignatureMismatch => 3,
        SignatureCheck.MalformedSignature => 2,
        SignatureCheck.MissingSignature => 1,
        _ => 0,
    };
}
