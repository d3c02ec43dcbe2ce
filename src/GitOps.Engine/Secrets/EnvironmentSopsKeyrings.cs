using GitOps.Engine.Secrets.Age;

namespace GitOps.Engine.Secrets;

/// <summary>For `gitops validate`: the age identities in SOPS's own environment variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE), or structure checks only when neither is set.</summary>
public sealed class EnvironmentSopsKeyrings : ISopsKeyrings
{
    private readonly SopsKeyring? _keyring;

    private EnvironmentSopsKeyrings(SopsKeyring? keyring) => _keyring = keyring;

    /// <summary>Checks SOPS files' structure only (no keys).</summary>
    public static EnvironmentSopsKeyrings StructureOnly { get; } = new(null);

    /// <summary>Reads the variables now; throws <see cref="FormatException"/> (naming the variable) when they hold no valid identity.</summary>
    public static EnvironmentSopsKeyrings FromEnvironment(Func<string, string?>? variables = null)
    {
        variables ??= Environment.GetEnvironmentVariable;
        var identities = new List<AgeIdentity>();
        if (variables("SOPS_AGE_KEY") is { Length: > 0 } inline)
        {
            identities.AddRange(AgeIdentity.ParseAll(inline, "SOPS_AGE_KEY"));
        }

        if (variables("SOPS_AGE_KEY_FILE") is { Length: > 0 } file)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new FormatException($"SOPS_AGE_KEY_FILE '{file}' cannot be read: {ex.Message}", ex);
            }

            identities.AddRange(AgeIdentity.ParseAll(text, "SOPS_AGE_KEY_FILE"));
        }

        return new(identities.Count == 0 ? null : new SopsKeyring(identities, [], null, "SOPS_AGE_KEY/SOPS_AGE_KEY_FILE"));
    }

    /// <summary>Whether files are decrypted (keys were found) rather than only checked.</summary>
    public bool Decrypts => _keyring is not null;

    /// <inheritdoc />
    public SopsKeyring? For(string source) => _keyring;
}
