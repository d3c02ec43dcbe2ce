namespace GitOps.Kubernetes.Authentication;

/// <summary>Everything needed to run one exec credential plugin (resolved from a kubeconfig user).</summary>
public sealed record ExecPluginSpec
{
    /// <summary>client.authentication.k8s.io/v1 or v1beta1.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The command; a relative path with a directory part is resolved against the kubeconfig's folder.</summary>
    public required string Command { get; init; }

    /// <summary>Arguments.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Extra environment variables.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>Shown when the command cannot be run.</summary>
    public string? InstallHint { get; init; }

    /// <summary>The kubeconfig user, for messages.</summary>
    public required string UserName { get; init; }

    /// <summary>Cluster information passed in KUBERNETES_EXEC_INFO when provideClusterInfo is set.</summary>
    public ExecClusterInfo? ClusterInfo { get; init; }

    /// <summary>interactiveMode (Never, IfAvailable, Always); this client is never interactive.</summary>
    public string InteractiveMode { get; init; } = "IfAvailable";

    /// <summary>How long the plugin may run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long before expirationTimestamp a cached credential is refreshed.</summary>
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>The cluster as described to an exec plugin (spec.cluster).</summary>
public sealed record ExecClusterInfo(string Server, string? CertificateAuthorityData, bool InsecureSkipTlsVerify, string? TlsServerName);
