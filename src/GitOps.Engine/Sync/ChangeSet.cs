using GitOps.Kubernetes;

namespace GitOps.Engine.Sync;

/// <summary>What the sync did (or decided) for one object.</summary>
public enum ChangeAction
{
    Created,
    Configured,

    /// <summary>Deleted and created again because an immutable field changed.</summary>
    Recreated,
    Unchanged,
    Pruned,
    Skipped,
    Failed,
}

/// <summary>One object's outcome: identity, action and a message (why skipped, what failed, "recreated", ...).</summary>
public sealed record ChangeSetEntry(ObjectRef Object, ChangeAction Action, string? Message = null)
{
    public override string ToString() => Message is null ? $"{Object} {Action.ToString().ToLowerInvariant()}" : $"{Object} {Action.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>The single result type of a sync: drives apply, prune, logs and status. Thread-safe for concurrent adds.</summary>
public sealed class ChangeSet
{
    private readonly List<ChangeSetEntry> entries = [];
    private readonly Lock gate = new();

    /// <summary>A snapshot of the entries in the order they were added.</summary>
    public IReadOnlyList<ChangeSetEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    public void Add(ChangeSetEntry entry)
    {
        lock (gate)
        {
            entries.Add(entry);
        }
    }

    public void Add(ObjectRef obj, ChangeAction action, string? message = null) => Add(new ChangeSetEntry(obj, action, message));

    public int Count(ChangeAction action) => Entries.Count(e => e.Action == action);

    public bool HasFailures => Entries.Any(e => e.Action == ChangeAction.Failed);

    /// <summary>The counts of each action.</summary>
    public ChangeCounts Counts() => ChangeCounts.Of(Entries);

    /// <summary>"3 created, 1 configured, 0 pruned, 196 unchanged" plus recreations, skips and failures when any.</summary>
    public string Summary() => Counts().ToString();
}
