using System.Text.Json.Nodes;
using static GitOps.Engine.Health.LiveFields;

namespace GitOps.Engine.Health.Checks;

/// <summary>
/// The rule for kinds without their own: Stalled=True is Degraded; an unobserved generation or
/// Reconciling=True is Progressing; Ready decides otherwise. No such signals means no health (null).
/// </summary>
public sealed class ConditionsHealth : IHealthCheck
{
    /// <inheritdoc />
    public HealthResult? Check(JsonObject live)
    {
        var stalled = Condition(live, "Stalled");
        if (IsTrue(stalled))
        {
            return HealthResult.DegradedBecause(Message(stalled));
        }

        if (GenerationNotObserved(live))
        {
            return HealthResult.ProgressingBecause("Waiting for the controller to observe the latest generation");
        }

        var reconciling = Condition(live, "Reconciling");
        if (IsTrue(reconciling))
        {
            return HealthResult.ProgressingBecause(Message(reconciling));
        }

        var ready = Condition(live, "Ready");
        if (ready is null)
        {
            return null;
        }

        return IsTrue(ready)
            ? HealthResult.HealthyBecause(Message(ready))
            : HealthResult.ProgressingBecause(Message(ready));
    }
}
