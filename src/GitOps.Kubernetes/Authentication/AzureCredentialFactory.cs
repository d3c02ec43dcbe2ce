using Azure.Core;
using Azure.Identity;
using GitOps.Kubernetes.Configuration;

namespace GitOps.Kubernetes.Authentication;

/// <summary>Builds the Azure.Identity credential a cluster's settings ask for.</summary>
public static class AzureCredentialFactory
{
    /// <summary>Creates the credential named by <see cref="ClusterConnectionOptions.AzureCredential"/>.</summary>
    public static TokenCredential Create(string clusterName, ClusterConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.AzureCredential ?? "").Trim().ToLowerInvariant() switch
        {
            AzureCredentialKinds.ManagedIdentity => string.IsNullOrWhiteSpace(options.AzureClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.AzureClientId)),
            AzureCredentialKinds.WorkloadIdentity => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
            {
                ClientId = options.AzureClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID"),
                TenantId = options.AzureTenantId ?? Environment.GetEnvironmentVariable("AZURE_TENANT_ID"),
                TokenFilePath = options.AzureFederatedTokenFile ?? Environment.GetEnvironmentVariable("AZURE_FEDERATED_TOKEN_FILE"),
            }),
            AzureCredentialKinds.AzureCli => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = options.AzureTenantId }),
            AzureCredentialKinds.ClientSecret => new ClientSecretCredential(options.AzureTenantId, options.AzureClientId, options.AzureClientSecret),
            AzureCredentialKinds.Default => new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = options.AzureClientId,
                WorkloadIdentityClientId = options.AzureClientId,
                TenantId = options.AzureTenantId,
            }),
            _ => throw new KubernetesConfigurationException($"Clusters:{clusterName}:AzureCredential '{options.AzureCredential}' is not a credential kind (default, managedidentity, workloadidentity, azurecli, clientsecret)"),
        };
    }
}
