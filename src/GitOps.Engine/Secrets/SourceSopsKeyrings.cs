using System.Collections.Concurrent;
using GitOps.Engine.Configuration;
using GitOps.Engine.Secrets.Age;
using GitOps.Engine.Secrets.KeyVault;

namespace GitOps.Engine.Secrets;

/// <summary>Keyrings from the host's settings: each source's <c>Decryption</c> section (validated at startup), Key Vault through <paramref name="unwrapper"/>.</summary>
public sealed class SourceSopsKeyrings(GitOpsOptions options, IKeyVaultKeyUnwrapper? unwrapper) : ISopsKeyrings
{
    private readonly ConcurrentDictionary<string, SopsKeyring> _keyrings = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public SopsKeyring For(string source) => _keyrings.GetOrAdd(source, name =>
    {
        var setting = $"GitOps__Sources__{name}__Decryption";
        if (!options.Sources.TryGetValue(name, out var s))
        {
            return SopsKeyring.Empty(setting);
        }

        var age = string.IsNullOrWhiteSpace(s.Decryption.AgeKeys) ? [] : AgeIdentity.ParseAll(s.Decryption.AgeKeys, $"{setting}__AgeKeys");
        var vaults = s.Decryption.KeyVaults.Select(KeyVaultAddress.TryNormalize).OfType<string>().ToList();
        return new SopsKeyring(age, vaults, unwrapper, setting);
    });

    SopsKeyring? ISopsKeyrings.For(string source) => For(source);
}
