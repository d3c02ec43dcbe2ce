namespace GitOps.Functions.Hosting;

/// <summary>How long delivery and job records are kept (section GitOps:Retention), and how the background pass deletes older ones.</summary>
public sealed class StorageRetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "GitOps:Retention";

    /// <summary>Delivery rows and job records older than this are deleted (default 7 days; at least the webhook delivery window).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the pass runs on each instance (default 1 hour; the first run is one interval after start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows read and deleted per batch (1–1000, default 100).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Batches per table per pass (default 10): a large backlog is worked off over several passes, never in one burst.</summary>
    public int MaxBatchesPerPass { get; set; } = 10;
}
