using System.Text.Json.Nodes;
using GitOps.Kubernetes;

namespace GitOps.Engine.Sync;

/// <summary>One desired object placed in the apply order, with its hash and whether this sync applies it.</summary>
public sealed record PlannedObject(ObjectRef Ref, JsonObject Desired, int Wave, SyncStage Stage, string Hash, bool Apply, bool IsNew);

/// <summary>The desired objects in apply order, split into batches (wave, stage) that run one after another.</summary>
public sealed record SyncPlan(IReadOnlyList<PlannedObject> Objects)
{
    /// <summary>Batches in order; objects within a batch are applied concurrently.</summary>
    public IEnumerable<IReadOnlyList<PlannedObject>> Batches() =>
        Objects.GroupBy(o => (o.Wave, o.Stage)).OrderBy(g => g.Key.Wave).ThenBy(g => g.Key.Stage).Select(g => (IReadOnlyList<PlannedObject>)[.. g]);

    /// <summary>Keys of every desired object.</summary>
    public IReadOnlySet<string> DesiredKeys => Objects.Select(o => o.Ref.Key).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Pairs desired objects with the previous inventory and decides which to apply (docs/architecture.md §D5, §D7).</summary>
public static class SyncPlanner
{
    /// <summary>
    /// Orders <paramref name="desired"/> and marks what to apply: everything on a full sync; on an incremental
    /// sync only objects whose hash changed or that the previous inventory does not hold; with
    /// <paramref name="only"/>, just those keys.
    /// </summary>
    public static SyncPlan Plan(IReadOnlyList<JsonObject> desired, IReadOnlyDictionary<string, string> previousHashes, bool incremental, IReadOnlySet<string>? only = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(previousHashes);
        // Hashing is most of planning a large app and each object is independent: spread it over the cores.
        var hashes = new string[desired.Count];
        if (desired.Count >= 64)
        {
            Parallel.For(0, desired.Count, i => hashes[i] = DesiredStateHash.Of(desired[i]));
        }
        else
        {
            for (var i = 0; i < desired.Count; i++)
            {
                hashes[i] = DesiredStateHash.Of(desired[i]);
            }
        }

        var planned = new List<PlannedObject>(desired.Count);
        for (var index = 0; index < desired.Count; index++)
        {
            var obj = desired[index];
            var r = ObjectRef.Of(obj);
            var hash = hashes[index];
            var known = previousHashes.TryGetValue(r.Key, out var previous);
            bool apply;
            if (only is not null)
            {
                apply = only.Contains(r.Key) || !known;
            }
            else
            {
                apply = !incremental || !known || previous != hash;
            }

            planned.Add(new PlannedObject(r, obj, SyncOrder.WaveOf(obj), SyncOrder.StageOf(r.Group, r.Kind), hash, apply, !known));
        }

        planned.Sort((a, b) =>
        {
            var c = a.Wave.CompareTo(b.Wave);
            return c != 0 ? c : SyncOrder.CompareKinds(a.Ref, b.Ref);
        });
        return new SyncPlan(planned);
    }
}
