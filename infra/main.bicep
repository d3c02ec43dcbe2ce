// GitOps Functions on Azure: the isolated-worker Function App (.NET 10) on the Flex Consumption plan (FC1), its storage
// account (queues gitops-sync and gitops-sync-poison, the GitOps tables, the deployment container), and a user-assigned
// managed identity that reaches storage with data-plane roles (no account keys anywhere), reads secrets from Key Vault
// and, when a cluster is given, talks to AKS through Entra ID with "Azure Kubernetes Service RBAC Writer".
// Build and deploy:
//   dotnet publish src/GitOps.FunctionApp -c Release -r linux-x64 -o out
//   az deployment group create -g <rg> -f infra/main.bicep -p namePrefix=... sourceUrl=... keyVaultName=... [aksClusterName=...]
//   func azure functionapp publish <functionAppName>   (or: az functionapp deployment source config-zip --src out.zip)
// tests/GitOps.Infra.Tests compiles this template with the Bicep CLI (warnings fail) and checks its app settings
// against the options classes the app binds.

@description('Azure region (one that offers Flex Consumption).')
param location string = resourceGroup().location

@description('Prefix of every resource name (3-11 lowercase letters or digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Drift sweep schedule: six-field NCRONTAB, UTC (Flex Consumption has no time-zone setting).')
param driftSchedule string = '0 */5 * * * *'

@description('Name of the first Git source.')
param sourceName string = 'platform'

@description('Clone URL of the first Git source.')
param sourceUrl string

@description('Branch to reconcile to.')
param sourceBranch string = 'main'

@description('Git host of the source: github, gitlab, gitea, forgejo or bitbucket.')
@allowed(['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket'])
param sourceProvider string = 'github'

@description('Existing Key Vault (same resource group) holding the secrets; the identity gets "Key Vault Secrets User" on it.')
param keyVaultName string

@description('Key Vault secret holding the source webhook secret.')
param webhookSecretName string = 'gitops-webhook-secret'

@description('Key Vault secret holding the source HTTPS token (read access to the repository).')
param sourceTokenSecretName string = 'gitops-source-token'

@description('Also grant "Key Vault Crypto User" on the vault, for SOPS files encrypted with azure_kv keys.')
param grantKeyVaultCryptoUser bool = false

@description('Name of the target cluster entry in the settings.')
param clusterName string = 'prod'

@description('Existing AKS cluster to manage (Entra ID and Azure RBAC enabled); empty deploys without a cluster.')
param aksClusterName string = ''

@description('Resource group of the AKS cluster.')
param aksResourceGroup string = resourceGroup().name

@description('Azure RBAC role the identity gets on the AKS cluster. Writer covers namespaced objects only; apps with Namespaces, CRDs or other cluster-scoped objects need ClusterAdmin.')
@allowed(['Writer', 'Admin', 'ClusterAdmin'])
param aksRole string = 'Writer'

@description('Maximum instances of the Flex Consumption app.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

var storageName = take(toLower('${namePrefix}gitops${uniqueString(resourceGroup().id)}'), 24)
var deploymentContainerName = 'app-package-${namePrefix}'
var roles = {
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-gitops-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in ['gitops-sync', 'gitops-sync-poison']: {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in ['GitOpsJobs', 'GitOpsApps', 'GitOpsDriftHistory', 'GitOpsDeliveries', 'GitOpsLeases']: {
  parent: tableService
  name: table
}]

// Queues for jobs, tables for records, blobs for the deployment package and the host's timer and singleton leases.
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.queueDataContributor, roles.tableDataContributor, roles.blobDataOwner]: {
  scope: storage
  name: guid(storage.id, identity.id, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource vaultRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in (grantKeyVaultCryptoUser ? [roles.keyVaultSecretsUser, roles.keyVaultCryptoUser] : [roles.keyVaultSecretsUser]): {
  scope: vault
  name: guid(vault.id, identity.id, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

module aks 'modules/aks-access.bicep' = if (!empty(aksClusterName)) {
  name: '${namePrefix}-gitops-aks-access'
  scope: resourceGroup(aksResourceGroup)
  params: {
    clusterName: aksClusterName
    principalId: identity.properties.principalId
    role: aksRole
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-gitops-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

// Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
// are not app settings there.
var baseSettings = [
  { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
  { name: 'GitOps__DriftSchedule', value: driftSchedule }
  { name: 'GitOps__Sources__${sourceName}__Url', value: sourceUrl }
  { name: 'GitOps__Sources__${sourceName}__Branch', value: sourceBranch }
  { name: 'GitOps__Sources__${sourceName}__Provider', value: sourceProvider }
  { name: 'GitOps__Sources__${sourceName}__WebhookSecrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${webhookSecretName})' }
  { name: 'GitOps__Sources__${sourceName}__Token', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${sourceTokenSecretName})' }
]

// The cluster is reached with the same identity: Entra ID tokens for AKS, its CA pinned from the cluster itself.
var clusterSettings = empty(aksClusterName) ? [] : [
  { name: 'GitOps__Clusters__${clusterName}__Auth', value: 'azure' }
  { name: 'GitOps__Clusters__${clusterName}__AzureCredential', value: 'managedidentity' }
  { name: 'GitOps__Clusters__${clusterName}__AzureClientId', value: identity.properties.clientId }
  { name: 'GitOps__Clusters__${clusterName}__Server', value: aks!.outputs.server }
  { name: 'GitOps__Clusters__${clusterName}__CertificateAuthorityData', value: aks!.outputs.certificateAuthorityData }
  { name: 'GitOps__Clusters__${clusterName}__AllowedSources__0', value: sourceName }
]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${namePrefix}-gitops'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(baseSettings, clusterSettings)
    }
  }
  dependsOn: [storageRoles, vaultRoles, queues, tables, deploymentContainer]
}

output functionAppName string = app.name
output webhookUrl string = 'https://${app.properties.defaultHostName}/api/webhooks/${sourceProvider}'
output identityClientId string = identity.properties.clientId
