using System.Security.Cryptography;
using GitOps.Kubernetes.Authentication;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace GitOps.Kubernetes.Configuration;

/// <summary>
/// Turns a cluster's settings into KubernetesClient's <see cref="KubernetesClientConfiguration"/>: a kubeconfig file and
/// context, the pod's service account, or settings (server, CA, token, token file, client certificate, Entra ID) written
/// as an in-memory kubeconfig, so KubernetesClient does all the parsing. Never falls back to a default cluster.
/// </summary>
public static class ClusterConfigurationBuilder
{
    /// <summary>Validates the settings and resolves them; <paramref name="azureCredential"/> overrides the Azure.Identity credential (auth 'azure').</summary>
    /// <exception cref="KubernetesConfigurationException">The settings, kubeconfig, certificates or credentials are unusable.</exception>
    public static ClusterConfiguration Build(string clusterName, ClusterConnectionOptions options, TimeProvider timeProvider, Azure.Core.TokenCredential? azureCredential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(clusterName);
        var auth = options.Auth.Trim().ToLowerInvariant();
        try
        {
            var built = auth switch
            {
                AuthModes.Kubeconfig => FromKubeconfig(options.Kubeconfig!, options.Context),
                AuthModes.InCluster => InCluster(),
                _ => FromSettings(clusterName, options, auth, timeProvider, azureCredential),
            };

            // The retry handler times each attempt; KubernetesClient's own timeout would span every retry.
            built.Client.HttpClientTimeout = Timeout.InfiniteTimeSpan;
            return built;
        }
        catch (Exception e) when (IsConfigurationError(e))
        {
            throw new KubernetesConfigurationException($"Clusters:{clusterName}: {e.Message}", e);
        }
    }

    /// <summary>Whether KubernetesClient failed on the configuration (a file, a certificate, a plugin) rather than on a bug.</summary>
    internal static bool IsConfigurationError(Exception e) =>
        e is KubeConfigException or IOException or UnauthorizedAccessException or CryptographicException or FormatException
        // KubernetesClient throws a bare Exception for the retired azure and gcp auth providers.
        || e.GetType() == typeof(Exception);

    private static ClusterConfiguration FromKubeconfig(string path, string? context)
    {
        var model = KubernetesClientConfiguration.LoadKubeConfig(path, useRelativePaths: true);
        var contextName = context ?? model.CurrentContext
            ?? throw new KubeConfigException($"kubeconfig '{path}' has no current-context; set the cluster's Context");
        var user = UserOf(model, contextName);
        var tokenFile = user is null ? null : KubeconfigTokenFile.Of(path, user.Name);
        if (tokenFile is not null && user!.UserCredentials is { } credentials && string.IsNullOrWhiteSpace(credentials.Token))
        {
            // KubernetesClient does not read a user's tokenFile: give it the file's current token, then re-read the file.
            credentials.Token = File.ReadAllText(tokenFile).Trim();
        }

        if (user?.UserCredentials?.ExternalExecution is { Command: { } command } plugin && command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(command))
        {
            // As kubectl does, a relative plugin path is taken from the kubeconfig's folder (KubernetesClient would use the working directory).
            plugin.Command = Path.GetFullPath(command, Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(model, contextName);
        var source = $"kubeconfig '{path}' context '{contextName}'";
        if (tokenFile is not null)
        {
            return WithRenewable(config, () => new TokenFileAuth(tokenFile), source);
        }

        if (user?.UserCredentials?.ExternalExecution is { } exec && config.AccessToken is { Length: > 0 } first)
        {
            // Building ran the plugin once: use its token, and run the plugin again only when the server rejects it
            // (KubernetesClient's provider would run it again for the first request).
            var renewable = new RenewingTokenProvider(new StringTokenProvider(first, "Bearer"), () => new ExecTokenProvider(exec));
            config.AccessToken = null;
            config.TokenProvider = renewable;
            return new ClusterConfiguration(config, renewable, source);
        }

        return new ClusterConfiguration(config, null, source);
    }

    private static ClusterConfiguration InCluster()
    {
        var config = KubernetesClientConfiguration.InClusterConfig();
        // The projected service-account token rotates: after a 401 a fresh configuration reads it again.
        var renewable = new RenewingTokenProvider(config.TokenProvider, () => KubernetesClientConfiguration.InClusterConfig().TokenProvider);
        config.TokenProvider = renewable;
        return new ClusterConfiguration(config, renewable, "the pod's service account");
    }

    private static ClusterConfiguration FromSettings(string clusterName, ClusterConnectionOptions options, string auth, TimeProvider timeProvider, Azure.Core.TokenCredential? azureCredential)
    {
        var credentials = auth switch
        {
            AuthModes.Token when !string.IsNullOrWhiteSpace(options.Token) => new UserCredentials { Token = options.Token },
            AuthModes.Certificate => new UserCredentials { ClientCertificateData = options.ClientCertificateData, ClientKeyData = options.ClientKeyData },
            // A token file or Entra ID: the token provider is set below, so the context names no user.
            _ => null,
        };
        var model = new K8SConfiguration
        {
            CurrentContext = clusterName,
            Clusters =
            [
                new Cluster
                {
                    Name = clusterName,
                    ClusterEndpoint = new ClusterEndpoint
                    {
                        Server = options.Server,
                        CertificateAuthorityData = options.CertificateAuthorityData,
                        CertificateAuthority = options.CertificateAuthority,
                        SkipTlsVerify = options.InsecureSkipTlsVerify,
                        TlsServerName = options.TlsServerName,
                    },
                },
            ],
            Users = credentials is null ? [] : [new User { Name = clusterName, UserCredentials = credentials }],
            Contexts = [new Context { Name = clusterName, ContextDetails = new ContextDetails { Cluster = clusterName, User = credentials is null ? null : clusterName } }],
        };
        var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(model, clusterName);
        var source = $"settings of cluster '{clusterName}'";
        return auth switch
        {
            AuthModes.Token when credentials is null => WithRenewable(config, () => new TokenFileAuth(options.TokenFile!), source),
            AuthModes.Azure => WithProvider(config, new AksTokenProvider(azureCredential ?? AzureCredentialFactory.Create(clusterName, options), timeProvider, options.AzureServerId), source),
            _ => new ClusterConfiguration(config, null, source),
        };
    }

    private static ClusterConfiguration WithRenewable(KubernetesClientConfiguration config, Func<ITokenProvider> create, string source) =>
        WithProvider(config, new RenewingTokenProvider(create(), create), source);

    private static ClusterConfiguration WithProvider(KubernetesClientConfiguration config, IRenewableTokenProvider provider, string source)
    {
        config.AccessToken = null;
        config.TokenProvider = provider;
        return new ClusterConfiguration(config, provider, source);
    }

    private static User? UserOf(K8SConfiguration model, string contextName)
    {
        var userName = model.Contexts?.FirstOrDefault(c => string.Equals(c.Name, contextName, StringComparison.OrdinalIgnoreCase))?.ContextDetails?.User;
        return userName is null ? null : model.Users?.FirstOrDefault(u => string.Equals(u.Name, userName, StringComparison.OrdinalIgnoreCase));
    }
}
