using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Signatures;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>Finds which configured sources of a provider a delivery's signature verifies for, from a body held whole.</summary>
/// <remarks>The payload is not trusted (or parsed) yet, so every source of the provider is tried; the payload's repository must later select one of the verified sources.</remarks>
public static class SourceAuthenticator
{
    /// <summary>The names of the verified sources, and the most telling failure when there are none.</summary>
    public static WebhookAuthentication Authenticate(
        WebhookProvider provider, GitOpsOptions options, WebhookHeaders headers, ReadOnlySpan<byte> rawBody, ReadOnlySpan<byte> json, bool formEncoded)
    {
        using var authenticator = DeliveryAuthenticator.Start(provider, options, headers, formEncoded);
        authenticator.Append(rawBody);
        return authenticator.Complete(json);
    }

    /// <summary>The metric tag for a failed check.</summary>
    public static string Tag(SignatureCheck check) => check switch
    {
        SignatureCheck.MissingSignature => "missing_signature",
        SignatureCheck.MalformedSignature => "malformed_signature",
        SignatureCheck.SignatureMismatch => "signature_mismatch",
        _ => "no_secret",
    };
}
