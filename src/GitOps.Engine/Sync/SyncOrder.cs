using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Kubernetes;

namespace GitOps.Engine.Sync;

/// <summary>The deterministic apply order: wave, then stage, then a kind-order table, then namespace and name. Prune uses it reversed.</summary>
public static class SyncOrder
{
    // Install order as Helm and Argo CD use it: what others depend on comes first.
    private static readonly string[] KindOrder =
    [
        "CustomResourceDefinition", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
        "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume",
        "PersistentVolumeClaim", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role",
        "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
        "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    ];

    private static readonly Dictionary<string, int> KindRank = KindOrder.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);

    /// <summary>The stage of a kind: 0 definitions (CRDs, Namespaces, cluster RBAC), 1 classes, 2 built-in kinds, 3 custom resources.</summary>
    public static SyncStage StageOf(string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind is "CustomResourceDefinition" or "Namespace" or "ClusterRole" or "ClusterRoleBinding")
        {
            return SyncStage.Definitions;
        }

        if (kind.EndsWith("Class", StringComparison.Ordinal))
        {
            return SyncStage.Classes;
        }

        return KindRank.ContainsKey(kind) || IsBuiltInGroup(group) ? SyncStage.Resources : SyncStage.CustomResources;
    }

    /// <summary>Reads the sync wave (ours first, then Argo CD's); absent or unparsable means 0.</summary>
    public static int WaveOf(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var value = ObjectMeta.Annotation(obj, SyncAnnotations.SyncWave) ?? ObjectMeta.Annotation(obj, SyncAnnotations.ArgoSyncWave);
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wave) ? wave : 0;
    }

    /// <summary>Compares two objects for apply order (within equal wave).</summary>
    public static int CompareKinds(ObjectRef a, ObjectRef b)
    {
        var c = StageOf(a.Group, a.Kind).CompareTo(StageOf(b.Group, b.Kind));
        if (c != 0)
        {
            return c;
        }

        c = Rank(a.Kind).CompareTo(Rank(b.Kind));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Kind, b.Kind);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Group, b.Group);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Namespace, b.Namespace);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    private static int Rank(string kind) => KindRank.TryGetValue(kind, out var r) ? r : KindOrder.Length;

    private static bool IsBuiltInGroup(string group) =>
        group.Length == 0 || !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);
}

/// <summary>Apply stages; each completes (and CRDs become Established) before the next starts.</summary>
public enum SyncStage
{
    Definitions = 0,
    Classes = 1,
    Resources = 2,
    CustomResources = 3,
}
