using GitOps.Kubernetes.Authentication;
using k8s;

namespace GitOps.Kubernetes.Configuration;

/// <summary>How to reach one cluster: KubernetesClient's configuration, and the bearer credentials a 401 can renew.</summary>
/// <param name="Client">Server, TLS trust, client certificate and credentials, as KubernetesClient resolved them.</param>
/// <param name="Credentials">The token source renewed after a 401 (exec plugin, token file, Entra ID); null for a fixed token or a client certificate.</param>
/// <param name="Source">Where this came from (for messages), e.g. "kubeconfig '/x' context 'y'".</param>
public sealed record ClusterConfiguration(KubernetesClientConfiguration Client, IRenewableTokenProvider? Credentials, string Source);
