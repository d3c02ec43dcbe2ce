using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>apps/ReplicaSet: a ReplicaFailure condition is Degraded; fewer available than desired is Progressing.</summary>
public sealed class ReplicaSetHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var generation = Integer(At(live, "metadata", "generation")) ?? 0;
        var observed = Integer(At(live, "status", "observedGeneration")) ?? 0;
        if (generation > observed)
        {
            return HealthResult.ProgressingBecause("Waiting for rollout to finish: observed replica set generation less than desired generation");
        }

        var failure = Condition(live, "ReplicaFailure");
        if (IsTrue(failure))
        {
            return HealthResult.DegradedBecause(Message(failure));
        }

        var available = Integer(At(live, "status", "availableReplicas")) ?? 0;
        if (Integer(At(live, "spec", "replicas")) is { } want && available < want)
        {
            return HealthResult.ProgressingBecause($"Waiting for rollout to finish: {available} out of {want} new replicas are available...");
        }

        return HealthResult.Healthy;
    }
}
