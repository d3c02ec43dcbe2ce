namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>base64url without padding, as Key Vault and SOPS's azure_kv write it (padding and standard base64 are accepted on input).</summary>
internal static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Decode(string text)
    {
        var standard = text.Trim().TrimEnd('=').Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard + new string('=', (4 - (standard.Length % 4)) % 4));
    }
}
