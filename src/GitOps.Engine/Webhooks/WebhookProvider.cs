namespace GitOps.Engine.Webhooks;

/// <summary>The Git hosts whose push webhooks the engine understands.</summary>
public enum WebhookProvider
{
    GitHub,
    GitLab,
    /// <summary>Gitea and Forgejo (Forgejo is a Gitea fork with the same payloads).</summary>
    Gitea,
    Bitbucket,
}

/// <summary>Maps route and settings names (github, gitlab, gitea, forgejo, bitbucket) to <see cref="WebhookProvider"/>.</summary>
public static class WebhookProviders
{
    /// <summary>Parses a provider name case-insensitively; false for an unknown name.</summary>
    public static bool TryParse(string? name, out WebhookProvider provider)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "GITHUB": provider = WebhookProvider.GitHub; return true;
            case "GITLAB": provider = WebhookProvider.GitLab; return true;
            case "GITEA" or "FORGEJO": provider = WebhookProvider.Gitea; return true;
            case "BITBUCKET": provider = WebhookProvider.Bitbucket; return true;
            default: provider = default; return false;
        }
    }
}
