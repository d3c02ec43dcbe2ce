using YamlDotNet.Serialization;

namespace GitOps.Kubernetes.Configuration.Kubeconfig;

// The kubeconfig YAML model, kept apart from resolution (KubeconfigResolver). Unknown keys are ignored.
#pragma warning disable CA2227 // Collection properties are set by the YAML deserializer.

/// <summary>A kubeconfig document (kind: Config).</summary>
public sealed class KubeconfigModel
{
    /// <summary>current-context.</summary>
    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; set; }

    /// <summary>clusters[].</summary>
    [YamlMember(Alias = "clusters")]
    public List<NamedCluster> Clusters { get; set; } = [];

    /// <summary>contexts[].</summary>
    [YamlMember(Alias = "contexts")]
    public List<NamedContext> Contexts { get; set; } = [];

    /// <summary>users[].</summary>
    [YamlMember(Alias = "users")]
    public List<NamedUser> Users { get; set; } = [];
}

/// <summary>A named cluster entry.</summary>
public sealed class NamedCluster
{
    /// <summary>name.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>cluster.</summary>
    [YamlMember(Alias = "cluster")]
    public KubeconfigCluster? Cluster { get; set; }
}

/// <summary>How to reach a cluster.</summary>
public sealed class KubeconfigCluster
{
    /// <summary>server.</summary>
    [YamlMember(Alias = "server")]
    public string? Server { get; set; }

    /// <summary>certificate-authority (file path, relative to the kubeconfig).</summary>
    [YamlMember(Alias = "certificate-authority")]
    public string? CertificateAuthority { get; set; }

    /// <summary>certificate-authority-data (base64 PEM).</summary>
    [YamlMember(Alias = "certificate-authority-data")]
    public string? CertificateAuthorityData { get; set; }

    /// <summary>insecure-skip-tls-verify.</summary>
    [YamlMember(Alias = "insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; set; }

    /// <summary>tls-server-name.</summary>
    [YamlMember(Alias = "tls-server-name")]
    public string? TlsServerName { get; set; }
}

/// <summary>A named context entry.</summary>
public sealed class NamedContext
{
    /// <summary>name.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>context.</summary>
    [YamlMember(Alias = "context")]
    public KubeconfigContext? Context { get; set; }
}

/// <summary>A cluster/user pair.</summary>
public sealed class KubeconfigContext
{
    /// <summary>cluster.</summary>
    [YamlMember(Alias = "cluster")]
    public string? Cluster { get; set; }

    /// <summary>user.</summary>
    [YamlMember(Alias = "user")]
    public string? User { get; set; }

    /// <summary>namespace.</summary>
    [YamlMember(Alias = "namespace")]
    public string? Namespace { get; set; }
}

/// <summary>A named user entry.</summary>
public sealed class NamedUser
{
    /// <summary>name.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>user.</summary>
    [YamlMember(Alias = "user")]
    public KubeconfigUser? User { get; set; }
}

/// <summary>User credentials.</summary>
public sealed class KubeconfigUser
{
    /// <summary>client-certificate (file path).</summary>
    [YamlMember(Alias = "client-certificate")]
    public string? ClientCertificate { get; set; }

    /// <summary>client-certificate-data (base64 PEM).</summary>
    [YamlMember(Alias = "client-certificate-data")]
    public string? ClientCertificateData { get; set; }

    /// <summary>client-key (file path).</summary>
    [YamlMember(Alias = "client-key")]
    public string? ClientKey { get; set; }

    /// <summary>client-key-data (base64 PEM).</summary>
    [YamlMember(Alias = "client-key-data")]
    public string? ClientKeyData { get; set; }

    /// <summary>token.</summary>
    [YamlMember(Alias = "token")]
    public string? Token { get; set; }

    /// <summary>tokenFile.</summary>
    [YamlMember(Alias = "tokenFile")]
    public string? TokenFile { get; set; }

    /// <summary>username (basic auth, not supported).</summary>
    [YamlMember(Alias = "username")]
    public string? Username { get; set; }

    /// <summary>auth-provider (legacy in-tree providers, not supported).</summary>
    [YamlMember(Alias = "auth-provider")]
    public KubeconfigAuthProvider? AuthProvider { get; set; }

    /// <summary>exec credential plugin.</summary>
    [YamlMember(Alias = "exec")]
    public KubeconfigExec? Exec { get; set; }
}

/// <summary>A legacy auth-provider entry.</summary>
public sealed class KubeconfigAuthProvider
{
    /// <summary>name (azure, gcp, oidc, ...).</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }
}

/// <summary>An exec credential plugin (client.authentication.k8s.io).</summary>
public sealed class KubeconfigExec
{
    /// <summary>apiVersion of the ExecCredential exchanged with the plugin.</summary>
    [YamlMember(Alias = "apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>command.</summary>
    [YamlMember(Alias = "command")]
    public string? Command { get; set; }

    /// <summary>args.</summary>
    [YamlMember(Alias = "args")]
    public List<string> Args { get; set; } = [];

    /// <summary>env.</summary>
    [YamlMember(Alias = "env")]
    public List<ExecEnvVar> Env { get; set; } = [];

    /// <summary>installHint, shown when the command cannot be run.</summary>
    [YamlMember(Alias = "installHint")]
    public string? InstallHint { get; set; }

    /// <summary>provideClusterInfo.</summary>
    [YamlMember(Alias = "provideClusterInfo")]
    public bool ProvideClusterInfo { get; set; }

    /// <summary>interactiveMode: Never, IfAvailable, Always.</summary>
    [YamlMember(Alias = "interactiveMode")]
    public string? InteractiveMode { get; set; }
}

/// <summary>An environment variable for an exec plugin.</summary>
public sealed class ExecEnvVar
{
    /// <summary>name.</summary>
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    /// <summary>value.</summary>
    [YamlMember(Alias = "value")]
    public string? Value { get; set; }
}
#pragma warning restore CA2227
