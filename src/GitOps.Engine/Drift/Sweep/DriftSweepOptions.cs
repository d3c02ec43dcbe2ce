using System.ComponentModel.DataAnnotations;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>How drift sweeps run (section GitOps:Drift). The schedule itself is GitOps:DriftSchedule.</summary>
public sealed class DriftSweepOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "GitOps:Drift";

    /// <summary>Apps swept at once (GitOps:Drift:Concurrency).</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>Drift again within this time after a heal counts as a fight with another controller (GitOps:Drift:ConflictWindow).</summary>
    public TimeSpan ConflictWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Heals in a row, each undone within the window, before the object is reported as a conflict (GitOps:Drift:ConflictThreshold).</summary>
    [Range(1, 100)]
    public int ConflictThreshold { get; set; } = 2;

    /// <summary>First backoff for a conflicting object; doubles with each further conflict, up to a day (GitOps:Drift:ConflictBackoff).</summary>
    public TimeSpan ConflictBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Desired states kept in memory between sweeps, keyed by app and commit (GitOps:Drift:DesiredCacheSize).</summary>
    [Range(1, 100_000)]
    public int DesiredCacheSize { get; set; } = 2_000;
}
