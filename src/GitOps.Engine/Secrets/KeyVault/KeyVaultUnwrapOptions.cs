using Azure.Core;

namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>Azure.Core client options for Key Vault's <c>unwrapkey</c> calls (retries, diagnostics, and the transport, which a host may replace).</summary>
public sealed class KeyVaultUnwrapOptions : ClientOptions
{
    /// <summary>The Key Vault REST API version.</summary>
    public string ApiVersion { get; set; } = "7.4";
}
