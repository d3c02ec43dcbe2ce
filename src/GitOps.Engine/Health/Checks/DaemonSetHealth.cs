using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>apps/DaemonSet: healthy once observed and every scheduled pod is updated and available.</summary>
public sealed class DaemonSetHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var generation = Integer(At(live, "metadata", "generation")) ?? 0;
        var observed = Integer(At(live, "status", "observedGeneration")) ?? 0;
        if (observed == 0 || generation > observed)
        {
            return HealthResult.ProgressingBecause("Waiting for daemon set spec update to be observed...");
        }

        if (Text(At(live, "spec", "updateStrategy", "type")) == "OnDelete")
        {
            return HealthResult.HealthyBecause("daemon set has 'OnDelete' update strategy");
        }

        var desired = Integer(At(live, "status", "desiredNumberScheduled")) ?? 0;
        var updated = Integer(At(live, "status", "updatedNumberScheduled")) ?? 0;
        var available = Integer(At(live, "status", "numberAvailable")) ?? 0;
        if (updated < desired)
        {
            return HealthResult.ProgressingBecause($"Waiting for daemon set rollout to finish: {updated} out of {desired} new pods have been updated...");
        }

        if (available < desired)
        {
            return HealthResult.ProgressingBecause($"Waiting for daemon set rollout to finish: {available} of {desired} updated pods are available...");
        }

        return HealthResult.Healthy;
    }
}
