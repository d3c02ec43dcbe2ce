using GitOps.Engine.Apps;
using GitOps.Engine.Inventory;
using GitOps.Engine.Sync;
using GitOps.Kubernetes.Client;

namespace GitOps.Cli;

/// <summary>What a sync would prune, read the way the sync reads it (the app's ApplySet parent, one LIST per kind), without deleting anything.</summary>
/// <param name="Entries">Members that left Git: deleted by a sync, or kept with the reason.</param>
/// <param name="Note">Why nothing would be pruned at all (prune off, empty render), or null.</param>
internal sealed record PrunePreview(IReadOnlyList<PrunePreviewEntry> Entries, string? Note)
{
    /// <summary>How many objects a sync would delete.</summary>
    public int Deletes => Entries.Count(e => e.Deleted);

    /// <summary>
    /// Reads the app's ApplySet parent and lists its members, one LIST per kind (none when the app was never synced).
    /// A failed LIST is an error: what a sync would prune cannot be known from a partial list.
    /// </summary>
    public static async Task<AppMembers> ReadMembersAsync(
        IKubernetesClient client, AppDefinition app, string defaultParentNamespace, IReadOnlyDictionary<string, string> versions, CancellationToken cancellationToken)
    {
        var parent = await ApplySetParentStore.ReadAsync(client, ApplySetParent.NameFor(app.Name), app.Namespace ?? defaultParentNamespace, cancellationToken);
        if (parent is null)
        {
            return new AppMembers(null, []);
        }

        return new AppMembers(parent, await ApplySetMembers.ListCompleteAsync(client, parent, [.. parent.GroupKinds], versions, 4, cancellationToken));
    }

    /// <summary>
    /// Selects what a sync would prune with the sync's own rules (<see cref="PruneSelection"/>): opt-outs are kept, and an
    /// empty render or an app with prune off deletes nothing.
    /// </summary>
    public static PrunePreview Select(AppDefinition app, AppMembers members, int renderedCount, IReadOnlySet<string> desiredKeys)
    {
        if (members.Parent is null)
        {
            return new PrunePreview([], null);
        }

        var decision = PruneSelection.Select(members.Live, desiredKeys, members.Parent.Id);
        var keepAll = PrunePolicy.AppKeepsAllReason(app, renderedCount);
        var entries = decision.ToDelete.Select(d => new PrunePreviewEntry(d.Ref.ToString(), keepAll is null, keepAll ?? "left Git"))
            .Concat(decision.Kept.Select(k => new PrunePreviewEntry(k.Object.ToString(), false, k.Message ?? "opted out")))
            .ToList();
        return new PrunePreview(entries, decision.ToDelete.Count > 0 ? keepAll : null);
    }
}

/// <summary>An app's ApplySet parent (null before its first sync) and its live members by kind.</summary>
internal sealed record AppMembers(ApplySetParent? Parent, IReadOnlyList<LiveMembers> Live);

/// <summary>One member that left Git.</summary>
/// <param name="Object">Kind/namespace/name.</param>
/// <param name="Deleted">True when a sync would delete it.</param>
/// <param name="Reason">Why it is deleted or kept.</param>
internal sealed record PrunePreviewEntry(string Object, bool Deleted, string Reason);
