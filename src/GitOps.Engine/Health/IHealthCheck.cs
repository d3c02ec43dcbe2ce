using System.Text.Json.Nodes;

namespace GitOps.Engine.Health;

/// <summary>Assesses the health of one kind of live object.</summary>
public interface IHealthCheck
{
    /// <summary>
    /// The health of <paramref name="live"/>, or null when the kind has no notion of health
    /// (a null result counts as healthy when aggregating).
    /// </summary>
    HealthResult? Check(JsonObject live);
}
