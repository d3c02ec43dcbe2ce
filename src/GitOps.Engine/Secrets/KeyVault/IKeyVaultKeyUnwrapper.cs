namespace GitOps.Engine.Secrets.KeyVault;

/// <summary>Unwraps data keys with Key Vault keys.</summary>
public interface IKeyVaultKeyUnwrapper
{
    /// <summary>The unwrapped key; throws <see cref="KeyVaultUnwrapException"/> when Key Vault refuses.</summary>
    Task<byte[]> UnwrapAsync(Uri keyId, byte[] wrappedKey, CancellationToken cancellationToken);
}
