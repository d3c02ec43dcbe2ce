using GitOps.Engine.Sync;

namespace GitOps.Engine.Status;

/// <summary>What the last sync did to one object, as the app status keeps it: "created", "Deployment/shop/web", and why when it failed or was skipped.</summary>
public sealed record ObjectChange(string Action, string Object, string? Message = null)
{
    /// <summary>Most objects kept per app: enough for the apps we sync, and a table row stays far below its 1 MiB limit.</summary>
    public const int MaxObjects = 500;

    // Failures first, then what changed, then what was left alone: when the list is cut, the unchanged go first.
    private static readonly ChangeAction[] Order =
        [ChangeAction.Failed, ChangeAction.Created, ChangeAction.Recreated, ChangeAction.Configured, ChangeAction.Pruned, ChangeAction.Skipped, ChangeAction.Unchanged];

    /// <summary>The change set's entries, failures first and unchanged last, at most <see cref="MaxObjects"/>, messages truncated.</summary>
    public static IReadOnlyList<ObjectChange> From(ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return
        [
            .. changes.Entries
                .OrderBy(e => Array.IndexOf(Order, e.Action))
                .Take(MaxObjects)
                .Select(e => new ObjectChange(e.Action.ToString().ToLowerInvariant(), e.Object.ToString(), e.Message is null ? null : AppStatusErrors.Truncate(e.Message))),
        ];
    }
}
