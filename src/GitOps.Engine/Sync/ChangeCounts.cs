using System.Text.Json.Serialization;

namespace GitOps.Engine.Sync;

/// <summary>How many objects a sync created, configured, pruned, left unchanged, skipped, failed and recreated.</summary>
public sealed record ChangeCounts(
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("configured")] int Configured,
    [property: JsonPropertyName("pruned")] int Pruned,
    [property: JsonPropertyName("unchanged")] int Unchanged,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("recreated")] int Recreated = 0)
{
    /// <summary>The counts of one change set.</summary>
    public static ChangeCounts Of(IReadOnlyCollection<ChangeSetEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new(Count(ChangeAction.Created), Count(ChangeAction.Configured), Count(ChangeAction.Pruned),
            Count(ChangeAction.Unchanged), Count(ChangeAction.Skipped), Count(ChangeAction.Failed), Count(ChangeAction.Recreated));

        int Count(ChangeAction action) => entries.Count(e => e.Action == action);
    }

    /// <summary>
    /// What one job did over this pass and a <paramref name="later"/> pass of the same job (a resume, docs/architecture.md §D9). What this
    /// pass created or configured, the later pass finds unchanged: those objects count once, as changed. Skips and failures
    /// are the later pass's, since each pass meets them again.
    /// </summary>
    public ChangeCounts Then(ChangeCounts later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new(Created + later.Created, Configured + later.Configured, Pruned + later.Pruned,
            Math.Max(0, later.Unchanged - Created - Configured - Recreated), later.Skipped, later.Failed, Recreated + later.Recreated);
    }

    /// <summary>"3 created, 1 configured, 0 pruned, 196 unchanged", plus recreated, skipped and failed when any.</summary>
    public override string ToString()
    {
        var text = $"{Created} created, {Configured} configured, {Pruned} pruned, {Unchanged} unchanged";
        if (Recreated > 0)
        {
            text += $", {Recreated} recreated";
        }

        if (Skipped > 0)
        {
            text += $", {Skipped} skipped";
        }

        if (Failed > 0)
        {
            text += $", {Failed} failed";
        }

        return text;
    }
}
