namespace GitOps.Engine.Configuration;

/// <summary>The host's GitOps settings (section "GitOps"): sources and clusters. Apps live in Git (docs/architecture.md §D4).</summary>
/// <remarks>
/// As app settings they are written with double underscores, for example
/// <c>GitOps__Sources__platform__Url</c>. Secrets (webhook secrets, tokens, keys) belong in
/// Key Vault references, never in Git.
/// </remarks>
public sealed class GitOpsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "GitOps";

    /// <summary>Git sources by name. A payload only ever selects one of these; it never introduces a URL.</summary>
    public Dictionary<string, SourceOptions> Sources { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Target clusters by name.</summary>
    public Dictionary<string, ClusterOptions> Clusters { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Local development only: accept unsigned webhooks for sources with no secret. Off by default; never set it in Azure.</summary>
    public bool AllowInsecureWebhooks { get; init; }
}
