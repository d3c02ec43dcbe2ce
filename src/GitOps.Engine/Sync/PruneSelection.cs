using System.Text.Json.Nodes;
using GitOps.Kubernetes;

namespace GitOps.Engine.Sync;

/// <summary>The live members of one GroupKind as listed, or the reason the list failed (a failed list never prunes).</summary>
public sealed record LiveMembers(string GroupKind, IReadOnlyList<JsonObject> Items, string? ListError = null, bool Transient = false)
{
    /// <summary>Why the kind has no members at all: the server no longer serves it and no CRD defines it.</summary>
    public string? GoneReason { get; init; }
}

/// <summary>What prune will delete and what it keeps, with reasons.</summary>
public sealed record PruneDecision(IReadOnlyList<(ObjectRef Ref, JsonObject Live)> ToDelete, IReadOnlyList<ChangeSetEntry> Kept);

/// <summary>Chooses prune candidates: live members of our ApplySet that left the desired set (docs/architecture.md §D6).</summary>
public static class PruneSelection
{
    /// <summary>
    /// Selects members to delete, in reverse apply order. Members of a GroupKind whose list failed are never
    /// selected; objects opting out are kept and reported as skipped; objects pending deletion are not deleted twice.
    /// </summary>
    public static PruneDecision Select(IEnumerable<LiveMembers> live, IReadOnlySet<string> desiredKeys, string applySetId)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(desiredKeys);
        var delete = new List<(ObjectRef, JsonObject)>();
        var kept = new List<ChangeSetEntry>();
        foreach (var group in live)
        {
            if (group.ListError is not null)
            {
                continue;
            }

            foreach (var item in group.Items)
            {
                var r = ObjectRef.Of(item);
                if (desiredKeys.Contains(r.Key))
                {
                    continue;
                }

                // The server filtered by label; check again so a misbehaving server can never make us delete a stranger.
                if (ObjectMeta.Label(item, Inventory.ApplySetLabels.PartOf) != applySetId)
                {
                    continue;
                }

                if ((item["metadata"] as JsonObject)?["deletionTimestamp"] is not null)
                {
                    continue;
                }

                var optOut = PrunePolicy.OptOutReason(item);
                if (optOut is not null)
                {
                    kept.Add(new ChangeSetEntry(r, ChangeAction.Skipped, $"not pruned ({optOut})"));
                    continue;
                }

                delete.Add((r, item));
            }
        }

        delete.Sort((a, b) =>
        {
            var c = SyncOrder.WaveOf(b.Item2).CompareTo(SyncOrder.WaveOf(a.Item2));
            return c != 0 ? c : SyncOrder.CompareKinds(b.Item1, a.Item1);
        });
        return new PruneDecision(delete, kept);
    }
}
