using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>v1/Service: a LoadBalancer is Progressing until it has an ingress address; other types are Healthy.</summary>
public sealed class ServiceHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        if (Text(At(live, "spec", "type")) != "LoadBalancer")
        {
            return HealthResult.Healthy;
        }

        return Count(At(live, "status", "loadBalancer", "ingress")) > 0
            ? HealthResult.Healthy
            : HealthResult.ProgressingBecause("Waiting for the load balancer to be assigned an address");
    }
}
