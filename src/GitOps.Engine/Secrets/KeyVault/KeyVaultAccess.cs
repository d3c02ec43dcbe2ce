using Azure.Core;

namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>How the host reaches Key Vault: its identity and the Azure.Core client options (a host may supply its own transport, for example to trust a private CA).</summary>
/// <param name="Credential">The app's identity (managed identity in Azure).</param>
/// <param name="Options">Retries, diagnostics and transport.</param>
public sealed record KeyVaultAccess(TokenCredential Credential, KeyVaultUnwrapOptions Options);
