namespace GitOps.Engine.Health;

/// <summary>The health of one object (or an app) with a short human-readable reason.</summary>
public sealed record HealthResult(HealthStatus Status, string Message)
{
    /// <summary>Healthy with no message.</summary>
    public static HealthResult Healthy { get; } = new(HealthStatus.Healthy, "");

    /// <summary>A healthy result with a message.</summary>
    public static HealthResult HealthyBecause(string message) => new(HealthStatus.Healthy, message);

    /// <summary>A progressing result with a message.</summary>
    public static HealthResult ProgressingBecause(string message) => new(HealthStatus.Progressing, message);

    /// <summary>A degraded result with a message.</summary>
    public static HealthResult DegradedBecause(string message) => new(HealthStatus.Degraded, message);
}
