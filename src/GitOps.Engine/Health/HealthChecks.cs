using GitOps.Engine.Health.Checks;

namespace GitOps.Engine.Health;

/// <summary>The built-in health rules, one per GroupKind (Argo CD's built-in set).</summary>
public static class HealthChecks
{
    /// <summary>The built-in per-kind rules.</summary>
    public static IReadOnlyDictionary<GroupKind, IHealthCheck> BuiltIn { get; } = Build();

    /// <summary>The rule for kinds that have none of their own (status conditions, observedGeneration).</summary>
    public static IHealthCheck Generic { get; } = new ConditionsHealth();

    private static Dictionary<GroupKind, IHealthCheck> Build()
    {
        var ingress = new IngressHealth();
        var hpa = new HorizontalPodAutoscalerHealth();
        return new()
        {
            [new("apps", "Deployment")] = new DeploymentHealth(),
            [new("extensions", "Deployment")] = new DeploymentHealth(),
            [new("apps", "StatefulSet")] = new StatefulSetHealth(),
            [new("apps", "DaemonSet")] = new DaemonSetHealth(),
            [new("extensions", "DaemonSet")] = new DaemonSetHealth(),
            [new("apps", "ReplicaSet")] = new ReplicaSetHealth(),
            [new("extensions", "ReplicaSet")] = new ReplicaSetHealth(),
            [new("", "Pod")] = new PodHealth(),
            [new("", "Service")] = new ServiceHealth(),
            [new("", "PersistentVolumeClaim")] = new PersistentVolumeClaimHealth(),
            [new("batch", "Job")] = new JobHealth(),
            [new("networking.k8s.io", "Ingress")] = ingress,
            [new("extensions", "Ingress")] = ingress,
            [new("autoscaling", "HorizontalPodAutoscaler")] = hpa,
            [new("apiregistration.k8s.io", "APIService")] = new ApiServiceHealth(),
        };
    }
}
