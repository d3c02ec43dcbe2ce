using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>apiregistration.k8s.io/APIService: Healthy when Available, otherwise Progressing with the condition's message.</summary>
public sealed class ApiServiceHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var available = Condition(live, "Available");
        if (available is null)
        {
            return HealthResult.ProgressingBecause("Waiting to be processed");
        }

        return IsTrue(available)
            ? HealthResult.HealthyBecause(Message(available))
            : HealthResult.ProgressingBecause($"{Text(available["reason"])}: {Message(available)}");
    }
}
