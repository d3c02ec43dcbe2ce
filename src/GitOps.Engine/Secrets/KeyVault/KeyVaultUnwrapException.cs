namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>Key Vault answered an <c>unwrapkey</c> call with an error.</summary>
public sealed class KeyVaultUnwrapException : Exception
{
    public KeyVaultUnwrapException(int status, string reason)
        : base($"Key Vault answered {status}{(reason.Length > 0 ? $" ({reason})" : "")}") => Status = status;

    public KeyVaultUnwrapException(string message) : base(message)
    {
    }

    public KeyVaultUnwrapException(string message, Exception inner) : base(message, inner)
    {
    }

    public KeyVaultUnwrapException()
    {
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }
}
