namespace GitOps.Engine.Secrets;

/// <summary>The SOPS keyring of each source.</summary>
public interface ISopsKeyrings
{
    /// <summary>The keyring for <paramref name="source"/>; null means check encrypted files' structure only, without decrypting (local validation without keys).</summary>
    SopsKeyring? For(string source);
}
