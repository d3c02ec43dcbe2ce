namespace GitOps.Engine.Health;

/// <summary>
/// Health of a live object or an app, declared from best to worst. The order is Argo CD's
/// (Healthy, Suspended, Progressing, Missing, Degraded, Unknown): aggregation keeps the worst.
/// </summary>
public enum HealthStatus
{
    /// <summary>The object is doing what it should.</summary>
    Healthy = 0,

    /// <summary>Deliberately paused or suspended (a paused Deployment, a suspended Job).</summary>
    Suspended = 1,

    /// <summary>Not healthy yet, but moving towards it (rollout, pending pod, pending deletion).</summary>
    Progressing = 2,

    /// <summary>Desired but not present in the cluster.</summary>
    Missing = 3,

    /// <summary>Failed or stuck (crash loop, failed Job, rollout deadline exceeded).</summary>
    Degraded = 4,

    /// <summary>The assessment itself failed or the state is not recognised.</summary>
    Unknown = 5,
}

/// <summary>Ordering helpers for <see cref="HealthStatus"/>.</summary>
public static class HealthStatusOrder
{
    /// <summary>True when <paramref name="status"/> is strictly worse than <paramref name="other"/>.</summary>
    public static bool IsWorseThan(this HealthStatus status, HealthStatus other) => status > other;

    /// <summary>The worse of two statuses.</summary>
    public static HealthStatus Worst(HealthStatus a, HealthStatus b) => a.IsWorseThan(b) ? a : b;
}
