using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Ssa;

/// <summary>Merges an applied configuration into the live object, associative lists by key.</summary>
internal static class ApplyMerge
{
    private static readonly HashSet<string> Identity = ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    public static JsonObject Merge(JsonObject live, JsonObject config, ResourceType type)
    {
        var result = (JsonObject)live.DeepClone();
        var names = new List<string>();
        foreach (var (key, value) in config)
        {
            if (key == "metadata" && value is JsonObject meta)
            {
                var target = result["metadata"] as JsonObject ?? [];
                result["metadata"] = target;
                names.Add("metadata");
                foreach (var (mk, mv) in meta)
                {
                    if (Identity.Contains(mk))
                    {
                        if (!target.ContainsKey(mk) && mk is "name" or "namespace" && mv is not null)
                        {
                            target[mk] = mv.DeepClone();
                        }

                        continue;
                    }

                    Set(target, mk, mv, names, type);
                }

                names.RemoveAt(names.Count - 1);
                continue;
            }

            Set(result, key, value, names, type);
        }

        return result;
    }

    /// <summary>Removes the node at a fieldsV1 path, then any map it leaves empty that nobody owns.</summary>
    public static void Remove(JsonObject obj, IReadOnlyList<string> path, ResourceType type, Func<IReadOnlyList<string>, bool> owned)
    {
        var chain = new List<JsonNode> { obj };
        var names = new List<string>();
        JsonNode? node = obj;
        for (var i = 0; i < path.Count - 1; i++)
        {
            node = Step(node!, path[i], names, type);
            if (node is null)
            {
                return;
            }

            chain.Add(node);
        }

        RemoveChild(chain[^1], path[^1], names, type);

        // Maps emptied by the removal go too (Kubernetes omits empty maps), never top-level fields.
        for (var depth = chain.Count - 1; depth >= 2; depth--)
        {
            if (chain[depth] is JsonObject { Count: 0 } && chain[depth - 1] is JsonObject parent && !owned([.. path.Take(depth)]))
            {
                parent.Remove(path[depth - 1][2..]);
            }
            else
            {
                break;
            }
        }
    }

    private static JsonNode? Step(JsonNode node, string element, List<string> names, ResourceType type)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            names.Add(element[2..]);
            return node is JsonObject o ? o[element[2..]] : null;
        }

        if (node is not JsonArray list)
        {
            return null;
        }

        var schema = FieldSchema.ForList(type, names);
        for (var i = 0; i < list.Count; i++)
        {
            if (ObjectFields.ItemElement(list[i], schema, i) == element)
            {
                return list[i];
            }
        }

        return null;
    }

    private static void RemoveChild(JsonNode parent, string element, List<string> names, ResourceType type)
    {
        if (parent is JsonObject o)
        {
            o.Remove(element[2..]);
            return;
        }

        if (parent is JsonArray list)
        {
            var schema = names.Count > 0 ? FieldSchema.ForList(type, names) : ListSchema.Atomic;
            for (var i = 0; i < list.Count; i++)
            {
                if (ObjectFields.ItemElement(list[i], schema, i) == element)
                {
                    list.RemoveAt(i);
                    return;
                }
            }
        }
    }

    private static void Set(JsonObject target, string key, JsonNode? value, List<string> names, ResourceType type)
    {
        names.Add(key);
        if (value is null)
        {
            target.Remove(key);
        }
        else
        {
            target[key] = MergeValue(target[key], value, names, type);
        }

        names.RemoveAt(names.Count - 1);
    }

    private static JsonNode MergeValue(JsonNode? live, JsonNode config, List<string> names, ResourceType type)
    {
        if (live is JsonObject liveMap && config is JsonObject configMap && !FieldSchema.IsAtomicMap(type, names))
        {
            var result = (JsonObject)liveMap.DeepClone();
            foreach (var (key, value) in configMap)
            {
                Set(result, key, value, names, type);
            }

            return result;
        }

        if (live is JsonArray liveList && config is JsonArray configList && FieldSchema.ForList(type, names) is { Type: not ListType.Atomic } schema)
        {
            var result = new JsonArray();
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < liveList.Count; i++)
            {
                positions.TryAdd(ObjectFields.ItemElement(liveList[i], schema, i), result.Count);
                result.Add(liveList[i]?.DeepClone());
            }

            for (var i = 0; i < configList.Count; i++)
            {
                var item = configList[i];
                var key = ObjectFields.ItemElement(item, schema, i);
                if (positions.TryGetValue(key, out var at) && key[0] != 'i')
                {
                    if (schema.Type == ListType.Map && item is not null)
                    {
                        result[at] = MergeValue(result[at], item, names, type);
                    }
                }
                else
                {
                    positions[key] = result.Count;
                    result.Add(item?.DeepClone());
                }
            }

            return result;
        }

        return config.DeepClone();
    }
}
