using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>apps/Deployment: paused is Suspended; a missed progress deadline is Degraded; an unfinished rollout is Progressing.</summary>
public sealed class DeploymentHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        if (Boolean(At(live, "spec", "paused")) == true)
        {
            return new(HealthStatus.Suspended, "Deployment is paused");
        }

        var generation = Integer(At(live, "metadata", "generation")) ?? 0;
        var observed = Integer(At(live, "status", "observedGeneration")) ?? 0;
        if (generation > observed)
        {
            return HealthResult.ProgressingBecause("Waiting for rollout to finish: observed deployment generation less than desired generation");
        }

        var progressing = Condition(live, "Progressing");
        if (Text(progressing?["reason"]) == "ProgressDeadlineExceeded")
        {
            return HealthResult.DegradedBecause($"Deployment {Text(At(live, "metadata", "name"))} exceeded its progress deadline");
        }

        var desired = Integer(At(live, "spec", "replicas"));
        var updated = Integer(At(live, "status", "updatedReplicas")) ?? 0;
        var replicas = Integer(At(live, "status", "replicas")) ?? 0;
        var available = Integer(At(live, "status", "availableReplicas")) ?? 0;
        if (desired is { } want && updated < want)
        {
            return HealthResult.ProgressingBecause($"Waiting for rollout to finish: {updated} out of {want} new replicas have been updated...");
        }

        if (replicas > updated)
        {
            return HealthResult.ProgressingBecause($"Waiting for rollout to finish: {replicas - updated} old replicas are pending termination...");
        }

        if (available < updated)
        {
            return HealthResult.ProgressingBecause($"Waiting for rollout to finish: {available} of {updated} updated replicas are available...");
        }

        return HealthResult.Healthy;
    }
}
