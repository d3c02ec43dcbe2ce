namespace GitOps.Engine.Drift;

/// <summary>The body of the timer-triggered drift sweep.</summary>
public interface IDriftSweeper
{
    /// <summary>Sweeps every app once. <paramref name="isPastDue"/> is the timer's IsPastDue flag.</summary>
    Task SweepAsync(bool isPastDue, CancellationToken cancellationToken);
}
