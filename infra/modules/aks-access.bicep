// Grants the Function App's identity an Azure RBAC role on an existing AKS cluster (Entra ID + Azure RBAC enabled) and
// returns what the app needs to reach it: the API server URL and the cluster's CA bundle, read from the cluster's own
// user kubeconfig (that kubeconfig holds no credential on such clusters: its user is an exec plugin).

@description('Name of the AKS cluster (in this module\'s resource group).')
param clusterName string

@description('Principal id of the managed identity.')
param principalId string

@description('Azure RBAC role on the cluster.')
@allowed(['Writer', 'Admin', 'ClusterAdmin'])
param role string

var roleIds = {
  Writer: 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb' // Azure Kubernetes Service RBAC Writer
  Admin: '3498e952-d568-435e-9b2c-8d77e338d7f7' // Azure Kubernetes Service RBAC Admin
  ClusterAdmin: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b' // Azure Kubernetes Service RBAC Cluster Admin
}

resource cluster 'Microsoft.ContainerService/managedClusters@2024-09-01' existing = {
  name: clusterName
}

resource clusterRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: cluster
  name: guid(cluster.id, principalId, roleIds[role])
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

var kubeconfig = base64ToString(cluster.listClusterUserCredential().kubeconfigs[0].value)

@description('API server URL (the public FQDN, or the private one for a private cluster).')
output server string = 'https://${cluster.properties.?fqdn ?? cluster.properties.privateFQDN}:443'

// The CA bundle is public data, not a secret; it comes from the user kubeconfig because the cluster resource lacks it.
#disable-next-line outputs-should-not-contain-secrets
@description('Base64 PEM CA bundle of the API server.')
output certificateAuthorityData string = trim(split(split(kubeconfig, 'certificate-authority-data: ')[1], '\n')[0])
