using GitOps.Engine.Secrets.Age;
using GitOps.Engine.Secrets.KeyVault;

namespace GitOps.Engine.Secrets;

/// <summary>The keys that decrypt a source's SOPS files (section "GitOps:Sources:&lt;name&gt;:Decryption").</summary>
public sealed class SourceDecryptionOptions
{
    /// <summary>age identities, one <c>AGE-SECRET-KEY-1…</c> per line as in an age keys file; in Azure, a Key Vault reference to a secret holding them.</summary>
    public string? AgeKeys { get; set; }

    /// <summary>Key Vaults (for example https://myvault.vault.azure.net) whose keys may unwrap this source's <c>azure_kv</c> data keys, with the host's identity. A file naming another vault is refused, so a commit cannot send the identity's token elsewhere.</summary>
    public List<string> KeyVaults { get; set; } = [];

    /// <summary>Problems with these settings, each naming the setting (never its value).</summary>
    public IReadOnlyList<string> Validate(string source)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(AgeKeys))
        {
            try
            {
                if (AgeIdentity.ParseAll(AgeKeys, $"GitOps__Sources__{source}__Decryption__AgeKeys").Count == 0)
                {
                    errors.Add($"GitOps__Sources__{source}__Decryption__AgeKeys holds no AGE-SECRET-KEY-1… line.");
                }
            }
            catch (FormatException ex)
            {
                errors.Add(ex.Message + ".");
            }
        }

        for (var i = 0; i < KeyVaults.Count; i++)
        {
            if (KeyVaultAddress.TryNormalize(KeyVaults[i]) is null)
            {
                errors.Add($"GitOps__Sources__{source}__Decryption__KeyVaults__{i} is malformed: '{KeyVaults[i]}' is not an https:// vault URL.");
            }
        }

        return errors;
    }
}
