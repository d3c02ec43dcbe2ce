using System.Security.Cryptography.X509Certificates;
using GitOps.Kubernetes.Authentication;

namespace GitOps.Kubernetes.Configuration;

/// <summary>A resolved way to reach one API server: URL, TLS trust, client certificate and bearer credentials.</summary>
public sealed record ClusterConnection
{
    /// <summary>The API server's base URL.</summary>
    public required Uri Server { get; init; }

    /// <summary>CAs trusted for the server certificate; empty means the system trust store.</summary>
    public IReadOnlyList<X509Certificate2> CertificateAuthorities { get; init; } = [];

    /// <summary>Skip server certificate validation.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Name the server certificate must match, when not the URL's host.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Client certificate (with its private key) for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token source, if any.</summary>
    public IAccessTokenProvider? Credentials { get; init; }

    /// <summary>The context's default namespace, when one is configured.</summary>
    public string? Namespace { get; init; }

    /// <summary>Where this came from (for messages), e.g. "kubeconfig '/x' context 'y'".</summary>
    public required string Source { get; init; }
}
