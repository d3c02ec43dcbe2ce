using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Configuration.Kubeconfig;

namespace GitOps.Kubernetes.Configuration;

/// <summary>Turns a cluster's settings into a <see cref="ClusterConnection"/>. Never falls back to a default cluster.</summary>
public static class ClusterConnectionResolver
{
    /// <summary>Validates the settings and resolves them; <paramref name="azureCredential"/> overrides the Azure.Identity credential (auth 'azure').</summary>
    public static ClusterConnection Resolve(string clusterName, ClusterConnectionOptions options, TimeProvider timeProvider, Azure.Core.TokenCredential? azureCredential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(clusterName);
        var auth = options.Auth.Trim().ToLowerInvariant();
        if (auth == AuthModes.Kubeconfig)
        {
            return KubeconfigResolver.Resolve(options.Kubeconfig!, options.Context, timeProvider);
        }

        if (auth == AuthModes.InCluster)
        {
            return InClusterConfig.Resolve(timeProvider);
        }

        var setting = $"Clusters:{clusterName}";
        var caPem = PemLoader.ReadPem(options.CertificateAuthorityData, options.CertificateAuthority, $"{setting}:CertificateAuthority(Data)");
        var connection = new ClusterConnection
        {
            Server = new Uri(options.Server!),
            CertificateAuthorities = caPem is null ? [] : PemLoader.Certificates(caPem, $"{setting}:CertificateAuthority(Data)"),
            InsecureSkipTlsVerify = options.InsecureSkipTlsVerify,
            TlsServerName = options.TlsServerName,
            Source = $"settings of cluster '{clusterName}'",
        };
        return auth switch
        {
            AuthModes.Token => connection with
            {
                Credentials = string.IsNullOrWhiteSpace(options.Token)
                    ? new TokenFileProvider(options.TokenFile!, timeProvider)
                    : new StaticTokenProvider(options.Token),
            },
            AuthModes.Certificate => connection with
            {
                ClientCertificate = PemLoader.ClientCertificate(
                    PemLoader.ReadPem(options.ClientCertificateData, null, $"{setting}:ClientCertificateData")!,
                    PemLoader.ReadPem(options.ClientKeyData, null, $"{setting}:ClientKeyData")!,
                    $"{setting}:ClientCertificateData/ClientKeyData"),
            },
            AuthModes.Azure => connection with
            {
                Credentials = new AksTokenProvider(azureCredential ?? AzureCredentialFactory.Create(clusterName, options), timeProvider, options.AzureServerId),
            },
            _ => throw new KubernetesConfigurationException($"{setting}:Auth '{options.Auth}' is not an auth mode"),
        };
    }
}
