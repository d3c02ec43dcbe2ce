using System.Text.Json.Nodes;
using GitOps.KubeSim.Objects;

namespace GitOps.KubeSim.Storage;

/// <summary>One stored object with its serialized form cached for fast reads and lists.</summary>
internal sealed class StoredObject
{
    public StoredObject(JsonObject obj, long resourceVersion)
    {
        Object = obj;
        ResourceVersion = resourceVersion;
        Json = JsonBytes.Of(obj);
    }

    /// <summary>The object; never mutated once stored (writers store a new StoredObject).</summary>
    public JsonObject Object { get; }

    public long ResourceVersion { get; }

    public byte[] Json { get; }
}

/// <summary>Identity of a stored object, ordered the way Kubernetes lists (namespace, then name).</summary>
internal readonly record struct ObjectKey(string Namespace, string Name) : IComparable<ObjectKey>
{
    // Names are DNS labels/subdomains, so this sorts after every real name.
    public const string MaxName = "\uffff";

    public int CompareTo(ObjectKey other)
    {
        var ns = string.CompareOrdinal(Namespace, other.Namespace);
        return ns != 0 ? ns : string.CompareOrdinal(Name, other.Name);
    }
}

/// <summary>
/// In-memory storage: per group-resource a hash map, a lazily sorted key snapshot (binary-searched range
/// scans for namespaces and continue tokens) and a label index (key=value to keys) so ApplySet LISTs do not scan the whole store.
/// Callers hold <see cref="Gate"/> while reading or writing.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);
    private long _resourceVersion = 1000;

    public object Gate { get; } = new();

    public long CurrentResourceVersion => _resourceVersion;

    public long NextResourceVersion() => ++_resourceVersion;

    public StoredObject? Get(string groupResource, string ns, string name) =>
        _tables.TryGetValue(groupResource, out var table) && table.Objects.TryGetValue(new ObjectKey(ns, name), out var stored) ? stored : null;

    public void Put(string groupResource, string ns, string name, StoredObject stored)
    {
        if (!_tables.TryGetValue(groupResource, out var table))
        {
            _tables[groupResource] = table = new Table();
        }

        var key = new ObjectKey(ns, name);
        if (table.Objects.TryGetValue(key, out var old))
        {
            table.Unindex(key, old);
        }
        else
        {
            table.Sorted = null;
        }

        table.Objects[key] = stored;
        table.Index(key, stored);
    }

    public bool Remove(string groupResource, string ns, string name)
    {
        var key = new ObjectKey(ns, name);
        if (!_tables.TryGetValue(groupResource, out var table) || !table.Objects.Remove(key, out var old))
        {
            return false;
        }

        table.Sorted = null;
        table.Unindex(key, old);
        return true;
    }

    /// <summary>
    /// Objects in key order, optionally one namespace, starting after a key; with <paramref name="label"/>
    /// (an equality requirement of the selector) only objects carrying that label are visited.
    /// </summary>
    public IEnumerable<(string Namespace, string Name, StoredObject Stored)> List(string groupResource, string? ns, (string Namespace, string Name)? after = null, (string Key, string Value)? label = null)
    {
        if (!_tables.TryGetValue(groupResource, out var table))
        {
            return [];
        }

        IEnumerable<ObjectKey> keys;
        var start = after is { } a ? new ObjectKey(a.Namespace, a.Name) : (ObjectKey?)null;
        if (label is { } l)
        {
            if (!table.ByLabel.TryGetValue(l.Key + "\0" + l.Value, out var labelled))
            {
                return [];
            }

            keys = labelled.Where(k => (ns is null || k.Namespace == ns) && (start is null || k.CompareTo(start.Value) > 0)).Order();
        }
        else
        {
            keys = Range(table.SortedKeys(), ns, start);
        }

        return keys.Select(k => (k.Namespace, k.Name, table.Objects[k]));
    }

    /// <summary>Every group-resource that has objects in the namespace.</summary>
    public IEnumerable<string> ResourcesIn(string ns) =>
        _tables.Where(t => Range(t.Value.SortedKeys(), ns, null).Any()).Select(t => t.Key).ToList();

    // Keys of one namespace (or all), strictly after start, found by binary search in the sorted snapshot.
    private static IEnumerable<ObjectKey> Range(ObjectKey[] sorted, string? ns, ObjectKey? start)
    {
        var low = start ?? new ObjectKey(ns ?? "", "");
        if (ns is not null && string.CompareOrdinal(low.Namespace, ns) < 0)
        {
            low = new ObjectKey(ns, "");
        }

        var index = Array.BinarySearch(sorted, low);
        index = index < 0 ? ~index : index;
        for (var i = index; i < sorted.Length; i++)
        {
            var key = sorted[i];
            if (ns is not null && key.Namespace != ns)
            {
                yield break;
            }

            if (start is null || key.CompareTo(start.Value) > 0)
            {
                yield return key;
            }
        }
    }

    /// <summary>Drops a whole group-resource (its CRD went away).</summary>
    public void Drop(string groupResource) => _tables.Remove(groupResource);

    private sealed class Table
    {
        public Dictionary<ObjectKey, StoredObject> Objects { get; } = [];

        /// <summary>Sorted snapshot of the keys, rebuilt lazily after an insert or removal.</summary>
        public ObjectKey[]? Sorted { get; set; }

        public ObjectKey[] SortedKeys()
        {
            if (Sorted is null)
            {
                Sorted = [.. Objects.Keys];
                Array.Sort(Sorted);
            }

            return Sorted;
        }

        public Dictionary<string, HashSet<ObjectKey>> ByLabel { get; } = new(StringComparer.Ordinal);

        public void Index(ObjectKey key, StoredObject stored)
        {
            foreach (var (label, value) in Labels(stored))
            {
                if (!ByLabel.TryGetValue(label + "\0" + value, out var set))
                {
                    ByLabel[label + "\0" + value] = set = [];
                }

                set.Add(key);
            }
        }

        public void Unindex(ObjectKey key, StoredObject stored)
        {
            foreach (var (label, value) in Labels(stored))
            {
                if (ByLabel.TryGetValue(label + "\0" + value, out var set) && set.Remove(key) && set.Count == 0)
                {
                    ByLabel.Remove(label + "\0" + value);
                }
            }
        }

        private static IEnumerable<(string, string)> Labels(StoredObject stored) =>
            stored.Object["metadata"]?["labels"] is JsonObject labels
                ? labels.Where(p => p.Value is JsonValue).Select(p => (p.Key, p.Value!.ToString()))
                : [];
    }
}
