using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>batch/Job: Failed is Degraded, Complete is Healthy, Suspended is Suspended, anything else is Progressing.</summary>
public sealed class JobHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var failed = Condition(live, "Failed");
        if (IsTrue(failed))
        {
            return HealthResult.DegradedBecause(Message(failed));
        }

        var complete = Condition(live, "Complete");
        if (IsTrue(complete))
        {
            return HealthResult.HealthyBecause(Message(complete));
        }

        var suspended = Condition(live, "Suspended");
        if (IsTrue(suspended))
        {
            return new(HealthStatus.Suspended, Message(suspended));
        }

        return HealthResult.ProgressingBecause("Job is running");
    }
}
