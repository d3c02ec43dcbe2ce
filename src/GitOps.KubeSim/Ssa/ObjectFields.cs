using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Ssa;

/// <summary>The result of comparing two versions of an object, as field sets.</summary>
internal sealed record FieldComparison(FieldSet Added, FieldSet Removed, FieldSet Modified);

/// <summary>Walks objects as field trees: the sets an apply owns, comparisons, path elements and display.</summary>
internal static class ObjectFields
{
    /// <summary>The fields an applied configuration sets: its leaves and list items (Kubernetes' ToFieldSet).</summary>
    public static FieldSet ApplySet(JsonObject config, ResourceType type)
    {
        var set = new FieldSet();
        var names = new List<string>();
        WalkMap(config, set, names, type, topLevel: true);
        return set;
    }

    /// <summary>Compares two versions: nodes added, nodes removed, leaves whose value changed.</summary>
    public static FieldComparison Compare(JsonObject? before, JsonObject after, ResourceType type)
    {
        var result = new FieldComparison(new FieldSet(), new FieldSet(), new FieldSet());
        var names = new List<string>();
        CompareMaps(before ?? [], after, result.Added, result.Removed, result.Modified, names, type, topLevel: true);
        return result;
    }

    /// <summary>The path element of one list item: k:{keys} for associative lists, v:value for sets, i:index otherwise.</summary>
    public static string ItemElement(JsonNode? item, ListSchema schema, int index)
    {
        if (schema.Type == ListType.Set)
        {
            return "v:" + (item?.ToJsonString() ?? "null");
        }

        if (schema.Type == ListType.Map && item is JsonObject o)
        {
            var key = new JsonObject();
            foreach (var name in schema.Keys.Order(StringComparer.Ordinal))
            {
                if (o[name] is { } value)
                {
                    key[name] = value.DeepClone();
                }
                else if (schema.KeyDefaults?.TryGetValue(name, out var def) == true)
                {
                    key[name] = JsonValue.Create(def);
                }
            }

            if (key.Count > 0)
            {
                return "k:" + key.ToJsonString();
            }
        }

        return "i:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A path as Kubernetes prints it in conflicts: .spec.containers[name="app"].image.</summary>
    public static string Display(IReadOnlyList<string> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var key = JsonNode.Parse(body)!.AsObject();
                    text.Append('[').AppendJoin(',', key.Select(p => p.Key + "=" + p.Value!.ToJsonString())).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Field names along a fieldsV1 path, skipping list item elements (the schema's context).</summary>
    public static List<string> FieldNames(IReadOnlyList<string> path) =>
        [.. path.Where(e => e.StartsWith("f:", StringComparison.Ordinal)).Select(e => e[2..])];

    /// <summary>Every node of a value's subtree, inserted below <paramref name="node"/>.</summary>
    public static void InsertAll(JsonNode? value, FieldSet node, List<string> names, ResourceType type, bool memberSelf)
    {
        if (memberSelf)
        {
            node.Member = true;
        }

        switch (value)
        {
            case JsonObject map when !FieldSchema.IsAtomicMap(type, names):
                foreach (var (key, child) in map)
                {
                    names.Add(key);
                    InsertAll(child, node.GetOrAdd("f:" + key), names, type, memberSelf: MemberOnAdd(names));
                    names.RemoveAt(names.Count - 1);
                }

                break;
            case JsonArray list when names.Count > 0:
                var schema = FieldSchema.ForList(type, names);
                if (schema.Type == ListType.Atomic)
                {
                    break;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    InsertAll(list[i], node.GetOrAdd(ItemElement(list[i], schema, i)), names, type, memberSelf: true);
                }

                break;
        }

        if (!node.Member && node.IsEmpty)
        {
            node.Member = true;
        }
    }

    // Struct fields that exist in Kubernetes' empty typed object are never "added" by an update.
    private static bool MemberOnAdd(List<string> names) =>
        names[^1] is not ("metadata" or "spec" or "status" or "template" or "strategy" or "updateStrategy")
        || names.Count > 4;

    private static void WalkMap(JsonObject map, FieldSet node, List<string> names, ResourceType type, bool topLevel)
    {
        foreach (var (key, value) in map)
        {
            if (topLevel && key is "apiVersion" or "kind")
            {
                continue;
            }

            if (topLevel && key == "metadata" && value is JsonObject meta)
            {
                WalkMetadata(meta, node, names, type);
                continue;
            }

            names.Add(key);
            Walk(value, node.GetOrAdd("f:" + key), names, type);
            names.RemoveAt(names.Count - 1);
        }
    }

    private static void WalkMetadata(JsonObject meta, FieldSet node, List<string> names, ResourceType type)
    {
        FieldSet? metaNode = null;
        names.Add("metadata");
        foreach (var (key, value) in meta)
        {
            // Identity and server-set fields are not owned by an apply.
            if (key is "name" or "namespace" or "uid" or "resourceVersion" or "generation" or "creationTimestamp"
                or "managedFields" or "selfLink" or "deletionTimestamp" or "deletionGracePeriodSeconds" or "generateName")
            {
                continue;
            }

            metaNode ??= node.GetOrAdd("f:metadata");
            names.Add(key);
            Walk(value, metaNode.GetOrAdd("f:" + key), names, type);
            names.RemoveAt(names.Count - 1);
        }

        names.RemoveAt(names.Count - 1);
    }

    private static void Walk(JsonNode? value, FieldSet node, List<string> names, ResourceType type)
    {
        switch (value)
        {
            case JsonObject map when map.Count > 0 && !FieldSchema.IsAtomicMap(type, names):
                WalkMap(map, node, names, type, topLevel: false);
                return;
            case JsonArray list when list.Count > 0:
                var schema = FieldSchema.ForList(type, names);
                if (schema.Type == ListType.Atomic)
                {
                    node.Member = true;
                    return;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    var child = node.GetOrAdd(ItemElement(list[i], schema, i));
                    child.Member = true;
                    if (schema.Type == ListType.Map && list[i] is JsonObject item)
                    {
                        WalkMap(item, child, names, type, topLevel: false);
                    }
                }

                return;
            default:
                node.Member = true;
                return;
        }
    }

    private static void CompareMaps(JsonObject before, JsonObject after, FieldSet added, FieldSet removed, FieldSet modified, List<string> names, ResourceType type, bool topLevel)
    {
        foreach (var (key, value) in after)
        {
            if (topLevel && key is "apiVersion" or "kind")
            {
                continue;
            }

            var element = "f:" + key;
            names.Add(key);
            if (topLevel && key == "metadata")
            {
                CompareMetadata(before[key] as JsonObject, value as JsonObject ?? [], added, removed, modified, names, type);
            }
            else if (!before.TryGetPropertyValue(key, out var old))
            {
                InsertAll(value, added.GetOrAdd(element), names, type, MemberOnAdd(names));
            }
            else
            {
                CompareValues(old, value, added, removed, modified, element, names, type);
            }

            names.RemoveAt(names.Count - 1);
        }

        foreach (var (key, old) in before)
        {
            if ((topLevel && key is "apiVersion" or "kind") || after.ContainsKey(key))
            {
                continue;
            }

            names.Add(key);
            InsertAll(old, removed.GetOrAdd("f:" + key), names, type, memberSelf: true);
            names.RemoveAt(names.Count - 1);
        }
    }

    private static void CompareMetadata(JsonObject? before, JsonObject after, FieldSet added, FieldSet removed, FieldSet modified, List<string> names, ResourceType type)
    {
        var strip = static (JsonObject? m) =>
        {
            var copy = new JsonObject();
            if (m is null)
            {
                return copy;
            }

            foreach (var (k, v) in m)
            {
                if (k is not ("name" or "namespace" or "uid" or "resourceVersion" or "generation" or "creationTimestamp" or "managedFields" or "selfLink" or "generateName" or "deletionTimestamp" or "deletionGracePeriodSeconds"))
                {
                    copy[k] = v?.DeepClone();
                }
            }

            return copy;
        };
        var a = added.GetOrAdd("f:metadata");
        var r = removed.GetOrAdd("f:metadata");
        var m = modified.GetOrAdd("f:metadata");
        CompareMaps(strip(before), strip(after), a, r, m, names, type, topLevel: false);
        Prune(added, "f:metadata");
        Prune(removed, "f:metadata");
        Prune(modified, "f:metadata");

        static void Prune(FieldSet set, string element)
        {
            if (set.Child(element) is { IsEmpty: true })
            {
                set.RemoveChild(element);
            }
        }
    }

    private static void CompareValues(JsonNode? old, JsonNode? value, FieldSet added, FieldSet removed, FieldSet modified, string element, List<string> names, ResourceType type)
    {
        if (old is JsonObject oldMap && value is JsonObject newMap && !FieldSchema.IsAtomicMap(type, names))
        {
            var a = added.GetOrAdd(element);
            var r = removed.GetOrAdd(element);
            var m = modified.GetOrAdd(element);
            CompareMaps(oldMap, newMap, a, r, m, names, type, topLevel: false);
            CleanUp(added, removed, modified, element);
            return;
        }

        if (old is JsonArray oldList && value is JsonArray newList && FieldSchema.ForList(type, names) is { Type: not ListType.Atomic } schema)
        {
            var a = added.GetOrAdd(element);
            var r = removed.GetOrAdd(element);
            var m = modified.GetOrAdd(element);
            var oldItems = Index(oldList, schema);
            var newItems = Index(newList, schema);
            foreach (var (key, item) in newItems)
            {
                if (!oldItems.TryGetValue(key, out var before))
                {
                    InsertAll(item, a.GetOrAdd(key), names, type, memberSelf: true);
                }
                else if (schema.Type == ListType.Map && before is JsonObject bo && item is JsonObject ao)
                {
                    var ai = a.GetOrAdd(key);
                    var ri = r.GetOrAdd(key);
                    var mi = m.GetOrAdd(key);
                    CompareMaps(bo, ao, ai, ri, mi, names, type, topLevel: false);
                    CleanUp(a, r, m, key);
                }
            }

            foreach (var (key, item) in oldItems)
            {
                if (!newItems.ContainsKey(key))
                {
                    InsertAll(item, r.GetOrAdd(key), names, type, memberSelf: true);
                }
            }

            CleanUp(added, removed, modified, element);
            return;
        }

        if (!JsonNode.DeepEquals(old, value))
        {
            modified.GetOrAdd(element).Member = true;
        }
    }

    private static Dictionary<string, JsonNode?> Index(JsonArray list, ListSchema schema)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            items[ItemElement(list[i], schema, i)] = list[i];
        }

        return items;
    }

    private static void CleanUp(FieldSet added, FieldSet removed, FieldSet modified, string element)
    {
        foreach (var set in new[] { added, removed, modified })
        {
            if (set.Child(element) is { IsEmpty: true })
            {
                set.RemoveChild(element);
            }
        }
    }

    /// <summary>Serialises a value for a conflict or error message.</summary>
    public static string ToJson(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
