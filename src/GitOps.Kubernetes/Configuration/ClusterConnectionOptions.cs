namespace GitOps.Kubernetes.Configuration;

/// <summary>How to reach one cluster's API server. Never falls back to a default cluster.</summary>
/// <remarks>
/// Auth modes: <c>kubeconfig</c> (file + optional context), <c>token</c> (Server + Token or TokenFile),
/// <c>certificate</c> (Server + client certificate/key), <c>azure</c> (Server + Entra ID for AKS through
/// Azure.Identity) and <c>incluster</c> (the pod's service account).
/// </remarks>
public class ClusterConnectionOptions
{
    /// <summary>How to authenticate: kubeconfig, token, certificate, azure (Entra ID for AKS), incluster.</summary>
    public string Auth { get; set; } = AuthModes.Kubeconfig;

    /// <summary>API server URL (required unless a kubeconfig or the in-cluster environment supplies it).</summary>
    public string? Server { get; set; }

    /// <summary>Path to a kubeconfig file.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context in the kubeconfig; defaults to its current-context.</summary>
    public string? Context { get; set; }

    /// <summary>Base64 PEM bundle of the CA(s) that sign the API server's certificate.</summary>
    public string? CertificateAuthorityData { get; set; }

    /// <summary>Path to a PEM file with the CA(s) that sign the API server's certificate.</summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>Skips server certificate validation (local development only).</summary>
    public bool InsecureSkipTlsVerify { get; set; }

    /// <summary>Name to validate the server certificate against when it differs from the URL's host.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Bearer token (auth = token).</summary>
    public string? Token { get; set; }

    /// <summary>File holding a bearer token, re-read periodically (auth = token).</summary>
    public string? TokenFile { get; set; }

    /// <summary>Base64 PEM client certificate (auth = certificate).</summary>
    public string? ClientCertificateData { get; set; }

    /// <summary>Base64 PEM private key (RSA or EC) of the client certificate (auth = certificate).</summary>
    public string? ClientKeyData { get; set; }

    /// <summary>Which Azure credential to use (auth = azure): default, managedidentity, workloadidentity, azurecli, clientsecret.</summary>
    public string AzureCredential { get; set; } = AzureCredentialKinds.Default;

    /// <summary>Client id of a user-assigned managed identity, a workload identity or a service principal.</summary>
    public string? AzureClientId { get; set; }

    /// <summary>Entra tenant id (workload identity, client secret, or to pin Azure CLI / default credential).</summary>
    public string? AzureTenantId { get; set; }

    /// <summary>Service principal secret (auth = azure, AzureCredential = clientsecret).</summary>
    public string? AzureClientSecret { get; set; }

    /// <summary>Federated token file for workload identity; defaults to AZURE_FEDERATED_TOKEN_FILE.</summary>
    public string? AzureFederatedTokenFile { get; set; }

    /// <summary>The AKS server application id whose ".default" scope is requested.</summary>
    public string AzureServerId { get; set; } = AksServerId;

    /// <summary>Client-side sustained request rate per cluster (requests per second; 0 disables limiting).</summary>
    public double Qps { get; set; } = 100;

    /// <summary>Client-side burst size per cluster.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for retryable failures (429, 500/503/504, transport errors on idempotent verbs).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>How long discovery results are trusted before they are fetched again.</summary>
    public TimeSpan DiscoveryTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The AKS Entra server application id, the same in every cloud.</summary>
    public const string AksServerId = "6dae42f8-4368-4678-94ff-3960e28e3630";

    /// <summary>Checks the settings; the message names the cluster and the bad setting.</summary>
    /// <exception cref="KubernetesConfigurationException">A setting is missing or invalid.</exception>
    public void Validate(string clusterName)
    {
        ArgumentNullException.ThrowIfNull(clusterName);
        var auth = (Auth ?? "").Trim().ToLowerInvariant();
        switch (auth)
        {
            case AuthModes.Kubeconfig:
                Require(clusterName, nameof(Kubeconfig), Kubeconfig, "the path of a kubeconfig file");
                break;
            case AuthModes.Token:
                RequireServer(clusterName);
                if (string.IsNullOrWhiteSpace(Token) == string.IsNullOrWhiteSpace(TokenFile))
                {
                    throw Bad(clusterName, nameof(Token), "set exactly one of Token or TokenFile for auth 'token'");
                }

                break;
            case AuthModes.Certificate:
                RequireServer(clusterName);
                Require(clusterName, nameof(ClientCertificateData), ClientCertificateData, "a base64 PEM client certificate");
                Require(clusterName, nameof(ClientKeyData), ClientKeyData, "a base64 PEM private key");
                break;
            case AuthModes.Azure:
                RequireServer(clusterName);
                ValidateAzure(clusterName);
                break;
            case AuthModes.InCluster:
                break;
            default:
                throw Bad(clusterName, nameof(Auth), $"'{Auth}' is not an auth mode (kubeconfig, token, certificate, azure, incluster)");
        }

        if (Server is not null && !IsHttpUrl(Server))
        {
            throw Bad(clusterName, nameof(Server), $"'{Server}' is not an absolute http(s) URL");
        }

        if (CertificateAuthorityData is not null && !IsBase64(CertificateAuthorityData))
        {
            throw Bad(clusterName, nameof(CertificateAuthorityData), "is not valid base64");
        }

        if (double.IsNaN(Qps) || Qps < 0)
        {
            throw Bad(clusterName, nameof(Qps), "must be zero (unlimited) or positive");
        }

        if (Burst < 1)
        {
            throw Bad(clusterName, nameof(Burst), "must be at least 1");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw Bad(clusterName, nameof(RequestTimeout), "must be positive");
        }

        if (MaxRetries < 0)
        {
            throw Bad(clusterName, nameof(MaxRetries), "must not be negative");
        }

        if (DiscoveryTtl <= TimeSpan.Zero)
        {
            throw Bad(clusterName, nameof(DiscoveryTtl), "must be positive");
        }
    }

    private void ValidateAzure(string clusterName)
    {
        switch ((AzureCredential ?? "").Trim().ToLowerInvariant())
        {
            case AzureCredentialKinds.Default:
            case AzureCredentialKinds.ManagedIdentity:
            case AzureCredentialKinds.AzureCli:
                break;
            case AzureCredentialKinds.WorkloadIdentity:
                Require(clusterName, nameof(AzureClientId), AzureClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID"), "the workload identity's client id");
                Require(clusterName, nameof(AzureTenantId), AzureTenantId ?? Environment.GetEnvironmentVariable("AZURE_TENANT_ID"), "the workload identity's tenant id");
                break;
            case AzureCredentialKinds.ClientSecret:
                Require(clusterName, nameof(AzureClientId), AzureClientId, "the service principal's client id");
                Require(clusterName, nameof(AzureTenantId), AzureTenantId, "the service principal's tenant id");
                Require(clusterName, nameof(AzureClientSecret), AzureClientSecret, "the service principal's secret");
                break;
            default:
                throw Bad(clusterName, nameof(AzureCredential), $"'{AzureCredential}' is not a credential kind (default, managedidentity, workloadidentity, azurecli, clientsecret)");
        }

        Require(clusterName, nameof(AzureServerId), AzureServerId, "the AKS server application id");
    }

    private void RequireServer(string clusterName) => Require(clusterName, nameof(Server), Server, "the API server URL");

    private static void Require(string clusterName, string setting, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Bad(clusterName, setting, $"is required: {what}");
        }
    }

    private static KubernetesConfigurationException Bad(string clusterName, string setting, string problem) =>
        new($"Clusters:{clusterName}:{setting} {problem}");

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out _);
    }
}

/// <summary>Values of <see cref="ClusterConnectionOptions.Auth"/>.</summary>
public static class AuthModes
{
    /// <summary>A kubeconfig file and context.</summary>
    public const string Kubeconfig = "kubeconfig";

    /// <summary>A bearer token or token file.</summary>
    public const string Token = "token";

    /// <summary>A client certificate and key.</summary>
    public const string Certificate = "certificate";

    /// <summary>Entra ID for AKS through Azure.Identity.</summary>
    public const string Azure = "azure";

    /// <summary>The pod's service account.</summary>
    public const string InCluster = "incluster";
}

/// <summary>Values of <see cref="ClusterConnectionOptions.AzureCredential"/>.</summary>
public static class AzureCredentialKinds
{
    /// <summary>DefaultAzureCredential.</summary>
    public const string Default = "default";

    /// <summary>ManagedIdentityCredential (system-assigned, or user-assigned with AzureClientId).</summary>
    public const string ManagedIdentity = "managedidentity";

    /// <summary>WorkloadIdentityCredential (federated token file).</summary>
    public const string WorkloadIdentity = "workloadidentity";

    /// <summary>AzureCliCredential.</summary>
    public const string AzureCli = "azurecli";

    /// <summary>ClientSecretCredential.</summary>
    public const string ClientSecret = "clientsecret";
}
