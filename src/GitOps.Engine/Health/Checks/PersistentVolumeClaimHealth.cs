using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>v1/PersistentVolumeClaim: Bound is Healthy, Pending is Progressing, Lost is Degraded.</summary>
public sealed class PersistentVolumeClaimHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live) => Text(At(live, "status", "phase")) switch
    {
        "Bound" => HealthResult.Healthy,
        "Pending" => HealthResult.ProgressingBecause("claim is pending"),
        "Lost" => HealthResult.DegradedBecause("claim is lost"),
        var phase => new(HealthStatus.Unknown, $"unknown claim phase '{phase}'"),
    };
}
