using System.Security.Cryptography;
using GitOps.Engine.Secrets.Age;
using GitOps.Engine.Secrets.KeyVault;
using GitOps.Engine.Secrets.Sops;

namespace GitOps.Engine.Secrets;

/// <summary>The keys one source may use to open SOPS data keys: age identities and allowed Key Vaults.</summary>
/// <param name="ageIdentities">age X25519 identities.</param>
/// <param name="keyVaults">Normalised vault addresses (<see cref="KeyVaultAddress"/>) whose keys may be asked to unwrap.</param>
/// <param name="unwrapper">Key Vault client; null when Key Vault is not available.</param>
/// <param name="setting">Where the keys are configured, for errors (for example "GitOps__Sources__platform__Decryption").</param>
public sealed class SopsKeyring(IReadOnlyList<AgeIdentity> ageIdentities, IReadOnlyList<string> keyVaults, IKeyVaultKeyUnwrapper? unwrapper, string setting)
{
    /// <summary>A keyring with no keys: every encrypted file fails, naming <paramref name="setting"/>.</summary>
    public static SopsKeyring Empty(string setting) => new([], [], null, setting);

    /// <summary>Opens the data key of a file with <paramref name="metadata"/>; throws <see cref="SopsException"/> naming the file's keys and the setting when none of ours opens it.</summary>
    public async Task<byte[]> OpenDataKeyAsync(SopsMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var failures = new List<string>();
        var ours = ageIdentities.Select(i => i.Recipient).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in metadata.Age.Where(a => ours.Contains(a.Recipient)))
        {
            try
            {
                var key = AgeDecryptor.TryDecrypt(entry.Enc, ageIdentities);
                if (key is not null)
                {
                    return CheckLength(key, $"age recipient {entry.Recipient}");
                }

                failures.Add($"age recipient {entry.Recipient}: its stanza does not open with our identity");
            }
            catch (AgeException ex)
            {
                failures.Add($"age recipient {entry.Recipient}: {ex.Message}");
            }
        }

        foreach (var entry in metadata.AzureKeyVault)
        {
            if (unwrapper is null || !keyVaults.Contains(KeyVaultAddress.TryNormalize(entry.VaultUrl) ?? "", StringComparer.Ordinal))
            {
                continue;
            }

            try
            {
                var key = await unwrapper.UnwrapAsync(new Uri(entry.KeyId), Base64Url.Decode(entry.Enc), cancellationToken).ConfigureAwait(false);
                return CheckLength(key, $"Key Vault key {entry.KeyId}");
            }
            catch (Exception ex) when (ex is KeyVaultUnwrapException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or FormatException or UriFormatException)
            {
                var hint = ex is KeyVaultUnwrapException { Status: 401 or 403 } or Azure.Identity.AuthenticationFailedException
                    ? " (the host's identity needs the 'Key Vault Crypto User' role on the vault or key)"
                    : "";
                failures.Add($"Key Vault key {entry.KeyId}: {ex.Message}{hint}");
            }
        }

        var wanted = metadata.Age.Select(a => $"age {a.Recipient}")
            .Concat(metadata.AzureKeyVault.Select(k => $"azure_kv {k.KeyId}"))
            .Concat(metadata.OtherKeyKinds.Select(k => $"{k} (not supported)"));
        var tried = failures.Count > 0 ? $"; tried: {string.Join("; ", failures)}" : "";
        throw new SopsException($"no configured key opens the data key. The file is encrypted for {string.Join(", ", wanted)}; {Describe()}{tried}");
    }

    private string Describe()
    {
        var age = ageIdentities.Count == 0 ? "no age identity" : $"age identities for {string.Join(", ", ageIdentities.Select(i => i.Recipient))}";
        var vaults = keyVaults.Count == 0 ? "no Key Vault" : $"Key Vaults {string.Join(", ", keyVaults)}";
        return $"{setting} has {age} and {vaults}";
    }

    private static byte[] CheckLength(byte[] key, string from)
    {
        if (key.Length == 32)
        {
            return key;
        }

        CryptographicOperations.ZeroMemory(key);
        throw new SopsException($"{from} opened a data key that is not 32 bytes");
    }
}
