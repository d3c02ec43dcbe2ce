using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>apps/StatefulSet: healthy once observed, ready, and (for rolling updates) on the update revision.</summary>
public sealed class StatefulSetHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var generation = Integer(At(live, "metadata", "generation")) ?? 0;
        var observed = Integer(At(live, "status", "observedGeneration")) ?? 0;
        if (observed == 0 || generation > observed)
        {
            return HealthResult.ProgressingBecause("Waiting for statefulset spec update to be observed...");
        }

        var ready = Integer(At(live, "status", "readyReplicas")) ?? 0;
        if (Integer(At(live, "spec", "replicas")) is { } want && ready < want)
        {
            return HealthResult.ProgressingBecause($"Waiting for {want - ready} pods to be ready...");
        }

        var strategy = Text(At(live, "spec", "updateStrategy", "type"));
        if (strategy == "OnDelete")
        {
            return HealthResult.HealthyBecause("statefulset has 'OnDelete' update strategy");
        }

        if (strategy == "RollingUpdate" && Integer(At(At(live, "spec", "updateStrategy", "rollingUpdate"), "partition")) is { } partition and > 0)
        {
            var replicas = Integer(At(live, "spec", "replicas")) ?? 1;
            var updated = Integer(At(live, "status", "updatedReplicas")) ?? 0;
            return updated < replicas - partition
                ? HealthResult.ProgressingBecause($"Waiting for partitioned roll out to finish: {updated} out of {replicas - partition} new pods have been updated...")
                : HealthResult.HealthyBecause($"partitioned roll out complete: {updated} new pods have been updated...");
        }

        var current = Text(At(live, "status", "currentRevision"));
        var update = Text(At(live, "status", "updateRevision"));
        if (current != update)
        {
            return HealthResult.ProgressingBecause($"waiting for statefulset rolling update to complete: revision {update} is not current yet");
        }

        return HealthResult.HealthyBecause($"statefulset rolling update complete: revision {current}");
    }
}
