namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>Compares Key Vault addresses: scheme, host and port only, case-insensitive.</summary>
public static class KeyVaultAddress
{
    /// <summary>"https://host[:port]" for an https URL with no query or user info; null otherwise.</summary>
    public static string? TryNormalize(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.UserInfo.Length == 0 && uri.Query.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
