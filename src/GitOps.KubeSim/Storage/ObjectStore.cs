using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Storage;

/// <summary>One stored object with its serialized form cached for fast reads and lists.</summary>
internal sealed class StoredObject
{
    public StoredObject(JsonObject obj, long resourceVersion)
    {
        Object = obj;
        ResourceVersion = resourceVersion;
        Json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(obj);
    }

    /// <summary>The object; never mutated once stored (writers store a new StoredObject).</summary>
    public JsonObject Object { get; }

    public long ResourceVersion { get; }

    public byte[] Json { get; }
}

/// <summary>
/// In-memory storage: per group-resource, per namespace, objects sorted by name (the order Kubernetes lists in).
/// Callers hold <see cref="Gate"/> while reading or writing.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<string, SortedDictionary<string, SortedDictionary<string, StoredObject>>> _tables = new(StringComparer.Ordinal);
    private long _resourceVersion = 1000;

    public object Gate { get; } = new();

    public long CurrentResourceVersion => _resourceVersion;

    public long NextResourceVersion() => ++_resourceVersion;

    public StoredObject? Get(string groupResource, string ns, string name) =>
        _tables.TryGetValue(groupResource, out var table) && table.TryGetValue(ns, out var objects) && objects.TryGetValue(name, out var stored)
            ? stored
            : null;

    public void Put(string groupResource, string ns, string name, StoredObject stored)
    {
        if (!_tables.TryGetValue(groupResource, out var table))
        {
            _tables[groupResource] = table = new SortedDictionary<string, SortedDictionary<string, StoredObject>>(StringComparer.Ordinal);
        }

        if (!table.TryGetValue(ns, out var objects))
        {
            table[ns] = objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
        }

        objects[name] = stored;
    }

    public bool Remove(string groupResource, string ns, string name)
    {
        if (!_tables.TryGetValue(groupResource, out var table) || !table.TryGetValue(ns, out var objects) || !objects.Remove(name))
        {
            return false;
        }

        if (objects.Count == 0)
        {
            table.Remove(ns);
        }

        return true;
    }

    /// <summary>Objects in key order (namespace, name), optionally one namespace, starting after a key.</summary>
    public IEnumerable<(string Namespace, string Name, StoredObject Stored)> List(string groupResource, string? ns, (string Namespace, string Name)? after = null)
    {
        if (!_tables.TryGetValue(groupResource, out var table))
        {
            yield break;
        }

        foreach (var (space, objects) in table)
        {
            if (ns is not null && space != ns)
            {
                continue;
            }

            if (after is { } a && string.CompareOrdinal(space, a.Namespace) < 0)
            {
                continue;
            }

            foreach (var (name, stored) in objects)
            {
                if (after is { } b && space == b.Namespace && string.CompareOrdinal(name, b.Name) <= 0)
                {
                    continue;
                }

                yield return (space, name, stored);
            }
        }
    }

    /// <summary>Every group-resource that has objects in the namespace.</summary>
    public IEnumerable<string> ResourcesIn(string ns) =>
        _tables.Where(t => t.Value.ContainsKey(ns)).Select(t => t.Key).ToList();

    /// <summary>Drops a whole group-resource (its CRD went away).</summary>
    public void Drop(string groupResource) => _tables.Remove(groupResource);
}
