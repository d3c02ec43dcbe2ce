using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>Ingress (networking.k8s.io and extensions): Progressing until the controller publishes an address.</summary>
public sealed class IngressHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live) =>
        Count(At(live, "status", "loadBalancer", "ingress")) > 0
            ? HealthResult.Healthy
            : HealthResult.ProgressingBecause("Waiting for the ingress controller to assign an address");
}
