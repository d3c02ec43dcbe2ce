using GitOps.Kubernetes.Authentication;

namespace GitOps.Kubernetes.Configuration;

/// <summary>The pod's own service account: KUBERNETES_SERVICE_HOST/PORT plus the mounted token, CA and namespace.</summary>
public static class InClusterConfig
{
    /// <summary>Where Kubernetes mounts the service-account files.</summary>
    public const string DefaultAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Resolves the in-cluster connection; fails with a clear message outside a pod.</summary>
    public static ClusterConnection Resolve(TimeProvider timeProvider) =>
        Resolve(timeProvider, DefaultAccountDirectory, Environment.GetEnvironmentVariable);

    /// <summary>Resolves the in-cluster connection from a given account folder and environment (for tests).</summary>
    public static ClusterConnection Resolve(TimeProvider timeProvider, string accountDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrWhiteSpace(host) || string.IsNullOrWhiteSpace(port))
        {
            throw new KubernetesConfigurationException("auth 'incluster' needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, which are not set (not running in a pod?)");
        }

        var tokenFile = Path.Combine(accountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            throw new KubernetesConfigurationException($"auth 'incluster': the service-account token '{tokenFile}' does not exist");
        }

        var caFile = Path.Combine(accountDirectory, "ca.crt");
        var caPem = PemLoader.ReadPem(null, caFile, "in-cluster CA 'ca.crt'")!;
        var namespaceFile = Path.Combine(accountDirectory, "namespace");
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new ClusterConnection
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            CertificateAuthorities = PemLoader.Certificates(caPem, $"in-cluster CA '{caFile}'"),
            Credentials = new TokenFileProvider(tokenFile, timeProvider),
            Namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : null,
            Source = "in-cluster service account",
        };
    }
}
