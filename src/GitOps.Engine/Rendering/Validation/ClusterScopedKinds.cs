using GitOps.Kubernetes;

namespace GitOps.Engine.Rendering.Validation;

/// <summary>The built-in table of cluster-scoped kinds (group, kind), used when discovery is not available.</summary>
public static class ClusterScopedKinds
{
    private static readonly HashSet<(string Group, string Kind)> Kinds =
    [
        ("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"), ("apiregistration.k8s.io", "APIService"),
        ("storage.k8s.io", "StorageClass"), ("storage.k8s.io", "CSIDriver"), ("storage.k8s.io", "CSINode"),
        ("storage.k8s.io", "VolumeAttachment"), ("storage.k8s.io", "VolumeAttributesClass"),
        ("scheduling.k8s.io", "PriorityClass"), ("node.k8s.io", "RuntimeClass"), ("networking.k8s.io", "IngressClass"),
        ("networking.k8s.io", "IPAddress"), ("networking.k8s.io", "ServiceCIDR"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"), ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
        ("certificates.k8s.io", "CertificateSigningRequest"), ("certificates.k8s.io", "ClusterTrustBundle"),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema"), ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ("policy", "PodSecurityPolicy"), ("resource.k8s.io", "DeviceClass"), ("storagemigration.k8s.io", "StorageVersionMigration"),
        ("internal.apiserver.k8s.io", "StorageVersion"), ("authentication.k8s.io", "TokenReview"), ("authentication.k8s.io", "SelfSubjectReview"),
        ("authorization.k8s.io", "SubjectAccessReview"), ("authorization.k8s.io", "SelfSubjectAccessReview"), ("authorization.k8s.io", "SelfSubjectRulesReview"),
    ];

    /// <summary>True when the table knows the kind is cluster-scoped; false means namespaced or unknown.</summary>
    public static bool Contains(string group, string kind) => Kinds.Contains((group, kind));

    /// <summary>Whether <paramref name="gvk"/> is namespaced: discovery first, then CRDs in the same render, then the table (unknown kinds count as namespaced).</summary>
    public static bool IsNamespaced(GroupVersionKind gvk, Func<GroupVersionKind, bool?>? discovery, IReadOnlyDictionary<(string Group, string Kind), bool> crdScopes)
    {
        ArgumentNullException.ThrowIfNull(crdScopes);
        if (discovery?.Invoke(gvk) is { } known)
        {
            return known;
        }

        if (crdScopes.TryGetValue((gvk.Group, gvk.Kind), out var namespaced))
        {
            return namespaced;
        }

        return !Contains(gvk.Group, gvk.Kind);
    }
}
