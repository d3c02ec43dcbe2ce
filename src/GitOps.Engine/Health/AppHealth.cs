using GitOps.Kubernetes;

namespace GitOps.Engine.Health;

/// <summary>The health of one member of an app, as assessed (null: the kind has no health).</summary>
public sealed record MemberHealth(ObjectRef Ref, HealthResult? Health);

/// <summary>Aggregates member health into the app's health: the worst member decides.</summary>
public static class AppHealth
{
    /// <summary>The worst member's status, with a message naming that member; Healthy for an empty app.</summary>
    public static HealthResult Aggregate(IEnumerable<MemberHealth> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        MemberHealth? worst = null;
        foreach (var member in members)
        {
            var status = member.Health?.Status ?? HealthStatus.Healthy;
            if (worst is null || status.IsWorseThan(worst.Health?.Status ?? HealthStatus.Healthy))
            {
                worst = member;
            }
        }

        if (worst?.Health is not { } health || health.Status == HealthStatus.Healthy)
        {
            return HealthResult.Healthy;
        }

        return new(health.Status, health.Message.Length == 0 ? worst.Ref.ToString() : $"{worst.Ref}: {health.Message}");
    }

    /// <summary>The health of a desired object that is not present in the cluster.</summary>
    public static HealthResult Missing { get; } = new(HealthStatus.Missing, "not found in the cluster");
}
