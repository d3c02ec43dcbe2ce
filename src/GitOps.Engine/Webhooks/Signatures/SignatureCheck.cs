namespace GitOps.Engine.Webhooks.Signatures;

/// <summary>The outcome of verifying one delivery's signature or token.</summary>
public enum SignatureCheck
{
    /// <summary>One of the secrets produced the delivery's signature.</summary>
    Valid,
    /// <summary>The signature header is absent or empty.</summary>
    MissingSignature,
    /// <summary>No secret is configured, so nothing can be verified (fail closed).</summary>
    MissingSecret,
    /// <summary>The header is present but not of the expected form (prefix, hex, length).</summary>
    MalformedSignature,
    /// <summary>The header is well formed but no secret produces it.</summary>
    SignatureMismatch,
}
