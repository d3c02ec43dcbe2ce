// GitOps Functions on Azure: a Linux Function App running `gitops serve` as a custom handler, its storage account
// (queues gitops-sync and gitops-sync-poison, tables GitOpsJobs, GitOpsApps, GitOpsTimers), and a user-assigned managed
// identity that reaches storage with data-plane roles (no account keys in settings) and reads secrets from Key Vault.
// Every app setting the app requires is set here; tests/GitOps.Functions.Tests/Infra checks this against the options classes.
// Publish self-contained for the plan's OS (dotnet publish src/GitOps.Functions -c Release -r linux-x64 --self-contained -o out)
// and deploy the folder as a zip package.

@description('Azure region.')
param location string = resourceGroup().location

@description('Prefix of every resource name (3-11 lowercase letters or digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Drift sweep schedule: six-field NCRONTAB, UTC.')
param driftSchedule string = '0 */5 * * * *'

@description('Name of the first Git source.')
param sourceName string = 'platform'

@description('Clone URL of the first Git source.')
param sourceUrl string

@description('Branch to reconcile to.')
param sourceBranch string = 'main'

@description('Existing Key Vault holding the secrets.')
param keyVaultName string

@description('Key Vault secret holding the source webhook secret.')
param webhookSecretName string = 'gitops-webhook-secret'

@description('Key Vault secret holding the source HTTPS token (read access to the repository).')
param sourceTokenSecretName string = 'gitops-source-token'

@description('Name of the target AKS cluster entry.')
param clusterName string = 'prod'

@description('API server URL of the target AKS cluster (Entra ID auth through the managed identity).')
param clusterServer string

var storageName = toLower('${namePrefix}gitops${uniqueString(resourceGroup().id)}')
var roles = {
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-gitops-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource syncQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'gitops-sync'
}

resource poisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'gitops-sync-poison'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in ['GitOpsJobs', 'GitOpsApps', 'GitOpsTimers']: {
  parent: tableService
  name: table
}]

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

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-gitops-plan'
  location: location
  sku: { name: 'Y1', tier: 'Dynamic' }
  kind: 'functionapp'
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
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
    siteConfig: {
      linuxFxVersion: ''
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'GitOps__DriftSchedule', value: driftSchedule }
        { name: 'GitOps__Sources__${sourceName}__Url', value: sourceUrl }
        { name: 'GitOps__Sources__${sourceName}__Branch', value: sourceBranch }
        { name: 'GitOps__Sources__${sourceName}__WebhookSecrets__0', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${webhookSecretName})' }
        { name: 'GitOps__Sources__${sourceName}__Token', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${sourceTokenSecretName})' }
        { name: 'GitOps__Clusters__${clusterName}__Auth', value: 'azure' }
        { name: 'GitOps__Clusters__${clusterName}__Server', value: clusterServer }
      ]
    }
  }
  dependsOn: [storageRoles, vaultRole, syncQueue, poisonQueue, tables]
}

output functionAppName string = app.name
output webhookUrl string = 'https://${app.properties.defaultHostName}/api/'
output identityClientId string = identity.properties.clientId
