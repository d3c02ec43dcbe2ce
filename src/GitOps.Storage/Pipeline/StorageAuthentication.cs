using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOps.Storage.Pipeline;

/// <summary>How requests are authorized: an account key, a shared access signature or an Entra ID token credential.</summary>
public abstract record StorageAuthentication
{
    private StorageAuthentication() { }

    /// <summary>The OAuth scope for Storage data-plane tokens (docs/architecture.md, platform facts).</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>SharedKey signing with the account's key.</summary>
    public sealed record SharedKey(string AccountName, byte[] Key) : StorageAuthentication
    {
        /// <summary>Never print the key.</summary>
        public override string ToString() => $"SharedKey({AccountName})";
    }

    /// <summary>A shared access signature appended to every request.</summary>
    public sealed record Sas(string Signature) : StorageAuthentication
    {
        /// <summary>Never print the signature.</summary>
        public override string ToString() => "SharedAccessSignature";
    }

    /// <summary>Bearer tokens from Entra ID for <see cref="StorageScope"/>.</summary>
    public sealed record Token(TokenCredential Credential) : StorageAuthentication;

    internal HttpPipelinePolicy CreatePolicy(StorageServiceKind kind) => this switch
    {
        SharedKey key => new SharedKeyPolicy(key.AccountName, key.Key, kind),
        Sas sas => new SasQueryPolicy(sas.Signature),
        Token token => new BearerTokenAuthenticationPolicy(token.Credential, StorageScope),
        _ => throw new InvalidOperationException("Unknown storage authentication."),
    };
}
