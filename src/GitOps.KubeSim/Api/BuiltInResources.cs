namespace GitOps.KubeSim.Api;

/// <summary>The built-in kinds the simulator serves from startup.</summary>
internal static class BuiltInResources
{
    public static IEnumerable<ResourceType> All()
    {
        yield return Core("Namespace", "namespaces", false, ["ns"], status: true);
        yield return Core("ConfigMap", "configmaps", true, ["cm"]);
        yield return Core("Secret", "secrets", true, []);
        yield return Core("Service", "services", true, ["svc"], status: true, all: true);
        yield return Core("ServiceAccount", "serviceaccounts", true, ["sa"]);
        yield return Core("Pod", "pods", true, ["po"], status: true, all: true);
        yield return Core("PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], status: true);
        yield return Core("PersistentVolume", "persistentvolumes", false, ["pv"], status: true);
        yield return Core("Event", "events", true, ["ev"]);
        yield return Core("Endpoints", "endpoints", true, ["ep"]);
        yield return Core("Node", "nodes", false, ["no"], status: true);
        yield return Core("ResourceQuota", "resourcequotas", true, ["quota"], status: true);
        yield return Core("LimitRange", "limitranges", true, ["limits"]);
        yield return Workload("apps", "v1", "Deployment", "deployments", ["deploy"], scale: true);
        yield return Workload("apps", "v1", "StatefulSet", "statefulsets", ["sts"], scale: true);
        yield return Workload("apps", "v1", "DaemonSet", "daemonsets", ["ds"], scale: false);
        yield return Workload("apps", "v1", "ReplicaSet", "replicasets", ["rs"], scale: true);
        yield return Of("apps", "v1", "ControllerRevision", "controllerrevisions", true, []);
        yield return Workload("batch", "v1", "Job", "jobs", [], scale: false);
        yield return Workload("batch", "v1", "CronJob", "cronjobs", ["cj"], scale: false);
        yield return Of("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"]) with { HasStatus = true, HasGeneration = true };
        yield return Of("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, []) with { HasGeneration = true };
        yield return Of("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]) with { HasGeneration = true };
        yield return Of("rbac.authorization.k8s.io", "v1", "Role", "roles", true, []);
        yield return Of("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, []);
        yield return Of("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, []);
        yield return Of("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, []);
        yield return Of("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"]) with { HasStatus = true, HasGeneration = true };
        yield return Of("coordination.k8s.io", "v1", "Lease", "leases", true, []);
        yield return Of("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"]) with { HasStatus = true, HasGeneration = true };
        yield return Of("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"]) with { HasStatus = true, HasGeneration = true, Categories = ["all"] };
        yield return Of("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"]);
        yield return Of("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, ["pc"]);
    }

    private static ResourceType Core(string kind, string plural, bool namespaced, string[] shortNames, bool status = false, bool all = false) =>
        Of("", "v1", kind, plural, namespaced, shortNames) with { HasStatus = status, Categories = all ? ["all"] : [] };

    private static ResourceType Workload(string group, string version, string kind, string plural, string[] shortNames, bool scale) =>
        Of(group, version, kind, plural, true, shortNames) with { HasStatus = true, HasScale = scale, HasGeneration = true, Categories = ["all"] };

    private static ResourceType Of(string group, string version, string kind, string plural, bool namespaced, string[] shortNames) => new()
    {
        Group = group,
        Version = version,
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced,
        ShortNames = shortNames,
    };
}
