using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Ssa;

/// <summary>
/// Field ownership as Kubernetes' structured-merge-diff keeps it: updates take the fields they change,
/// applies own exactly what they send, conflicts name the owning manager, and fields an applier stops
/// sending are removed unless someone else owns them.
/// </summary>
internal static class FieldManager
{
    /// <summary>Records a non-apply write (create, update, patch) as an Update entry of <paramref name="manager"/>.</summary>
    public static void RecordUpdate(JsonObject? live, JsonObject updated, ResourceType type, string manager, string? subresource, string now)
    {
        var entries = ManagedFieldsEntry.Decode(updated);
        var comparison = ObjectFields.Compare(live, updated, type);
        var changed = comparison.Added.Union(comparison.Modified);
        foreach (var entry in entries)
        {
            if (!entry.SameIdentity(manager, "Update", subresource))
            {
                entry.Set = entry.Set.Difference(changed).Difference(comparison.Removed);
            }
        }

        if (!changed.IsEmpty || entries.Any(e => e.SameIdentity(manager, "Update", subresource)))
        {
            var own = entries.FirstOrDefault(e => e.SameIdentity(manager, "Update", subresource));
            if (own is null)
            {
                own = new ManagedFieldsEntry { Manager = manager, Operation = "Update", ApiVersion = type.GroupVersion, Subresource = subresource, Set = new FieldSet() };
                entries.Add(own);
            }

            var next = own.Set.Union(changed).Difference(comparison.Removed);
            if (!next.SetEquals(own.Set) || own.Time is null)
            {
                own.Time = now;
                own.ApiVersion = type.GroupVersion;
            }

            own.Set = next;
        }

        ManagedFieldsEntry.Encode(updated, entries);
    }

    /// <summary>Server-side apply of <paramref name="config"/> onto <paramref name="live"/> (null when creating).</summary>
    public static JsonObject Apply(JsonObject? live, JsonObject config, ResourceType type, string manager, bool force, string now)
    {
        var entries = ManagedFieldsEntry.Decode(live);
        var configSet = ObjectFields.ApplySet(config, type);
        var merged = ApplyMerge.Merge(live ?? new JsonObject(), config, type);
        if (entries.Count == 0)
        {
            // Nobody owns anything yet (a create): no conflicts, nothing to take away; the applier owns what it sent.
            entries.Add(new ManagedFieldsEntry { Manager = manager, Operation = "Apply", ApiVersion = type.GroupVersion, Time = now, Set = configSet });
            ManagedFieldsEntry.Encode(merged, entries);
            return merged;
        }

        var comparison = ObjectFields.Compare(live, merged, type);
        var changed = comparison.Added.Union(comparison.Modified);

        var conflicts = new List<(ManagedFieldsEntry Entry, string[] Path)>();
        foreach (var entry in entries)
        {
            if (entry.SameIdentity(manager, "Apply", null))
            {
                continue;
            }

            var overlap = entry.Set.Intersect(changed);
            if (!overlap.IsEmpty)
            {
                conflicts.AddRange(overlap.Paths().Select(p => (entry, p)));
                if (force)
                {
                    entry.Set = entry.Set.Difference(overlap);
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        foreach (var entry in entries)
        {
            entry.Set = entry.Set.Difference(comparison.Removed);
        }

        var own = entries.FirstOrDefault(e => e.SameIdentity(manager, "Apply", null));
        if (own is not null)
        {
            var others = entries.Where(e => e != own).ToList();
            var stopped = own.Set.Difference(configSet);
            // Parents first: a removed list item takes its fields with it (its key must still be there to find it).
            var removed = new List<string[]>();
            foreach (var path in stopped.Paths())
            {
                if (removed.Any(r => path.Length > r.Length && path.AsSpan(0, r.Length).SequenceEqual(r)))
                {
                    continue;
                }

                if (!others.Any(e => e.Set.ContainsPrefix(path)) && !configSet.ContainsPrefix(path))
                {
                    ApplyMerge.Remove(merged, path, type, p => entries.Any(e => e.Set.Contains(p)) || configSet.Contains(p));
                    removed.Add(path);
                }
            }

            if (!own.Set.SetEquals(configSet))
            {
                own.Time = now;
            }

            own.Set = configSet;
            own.ApiVersion = type.GroupVersion;
        }
        else
        {
            entries.Add(new ManagedFieldsEntry { Manager = manager, Operation = "Apply", ApiVersion = type.GroupVersion, Time = now, Set = configSet });
        }

        ManagedFieldsEntry.Encode(merged, entries);
        return merged;
    }

    private static ApiError Conflict(List<(ManagedFieldsEntry Entry, string[] Path)> conflicts)
    {
        var ordered = conflicts.OrderBy(c => c.Entry.Manager, StringComparer.Ordinal).ToList();
        var causes = new JsonArray();
        foreach (var (entry, path) in ordered)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = "conflict with " + entry.Describe(),
                ["field"] = ObjectFields.Display(path),
            });
        }

        string message;
        if (ordered.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {ordered[0].Entry.Describe()}: {ObjectFields.Display(ordered[0].Path)}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in ordered.GroupBy(c => c.Entry))
            {
                lines.Add($"conflicts with {group.Key.Describe()}:");
                lines.AddRange(group.Select(c => "- " + ObjectFields.Display(c.Path)));
            }

            message = $"Apply failed with {ordered.Count} conflicts: {string.Join("\n", lines)}";
        }

        return ApiError.ApplyConflict(message, causes);
    }
}
