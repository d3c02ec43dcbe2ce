using GitOps.Engine.Secrets;

namespace GitOps.Engine.Configuration;

/// <summary>One Git source: a repository and branch whose `.gitops/` folder declares apps.</summary>
public sealed class SourceOptions
{
    /// <summary>Clone URL (https://, ssh://, git@host:path, git://, file://, or a local path for development).</summary>
    public string Url { get; set; } = "";

    /// <summary>The branch to reconcile to.</summary>
    public string Branch { get; set; } = "main";

    /// <summary>Git host kind for webhooks and commit status: github, gitlab, gitea or bitbucket.</summary>
    public string Provider { get; set; } = "github";

    /// <summary>Repository identity as the host names it in webhook payloads (for example "org/repo"). Defaults to the path of <see cref="Url"/>.</summary>
    public string? Repository { get; set; }

    /// <summary>Webhook secrets; any of them verifies a delivery (rotation). Empty means deliveries are rejected unless insecure webhooks are allowed.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>HTTPS token for fetching (and for commit status when <see cref="StatusToken"/> is unset).</summary>
    public string? Token { get; set; }

    /// <summary>HTTPS user name to pair with <see cref="Token"/> (default "x-access-token").</summary>
    public string? Username { get; set; }

    /// <summary>SSH private key (PEM/OpenSSH text) for ssh:// URLs.</summary>
    public string? SshPrivateKey { get; set; }

    /// <summary>SSH known_hosts lines; when empty, host keys are accepted on first use.</summary>
    public string? SshKnownHosts { get; set; }

    /// <summary>Folder holding the app definitions.</summary>
    public string AppsPath { get; set; } = ".gitops";

    /// <summary>API base URL for commit statuses (for example https://api.github.com); unset disables commit status.</summary>
    public string? StatusApiUrl { get; set; }

    /// <summary>Token for commit statuses; defaults to <see cref="Token"/>.</summary>
    public string? StatusToken { get; set; }

    /// <summary>Keys for this source's SOPS-encrypted files ("Decryption": AgeKeys, KeyVaults).</summary>
    public SourceDecryptionOptions Decryption { get; set; } = new();
}
