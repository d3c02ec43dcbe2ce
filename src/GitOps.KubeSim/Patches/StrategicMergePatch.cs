using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;
using GitOps.KubeSim.Ssa;

namespace GitOps.KubeSim.Patches;

/// <summary>
/// Strategic merge patch for built-in kinds: maps merge, lists with a patch merge key merge by that key
/// (containers, ports, env, volumes...), other lists replace; honours $patch (delete, replace, merge),
/// $retainKeys, $deleteFromPrimitiveList and drops $setElementOrder.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonNode Apply(JsonObject target, JsonNode patch, ResourceType type)
    {
        if (patch is not JsonObject patchMap)
        {
            throw ApiError.BadRequest("strategic merge patch must be an object");
        }

        return MergeMap((JsonObject)target.DeepClone(), patchMap, [], type) ?? new JsonObject();
    }

    private static JsonObject? MergeMap(JsonObject target, JsonObject patch, List<string> names, ResourceType type)
    {
        switch ((string?)patch["$patch"])
        {
            case "delete":
                return null;
            case "replace":
                var replaced = (JsonObject)patch.DeepClone();
                replaced.Remove("$patch");
                return replaced;
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list && value is JsonArray drop)
                {
                    foreach (var item in list.Where(i => drop.Any(d => JsonNode.DeepEquals(d, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (value is null)
            {
                target.Remove(key);
                continue;
            }

            names.Add(key);
            var merged = MergeValue(target[key], value, names, type);
            names.RemoveAt(names.Count - 1);
            if (merged is null)
            {
                target.Remove(key);
            }
            else if (!ReferenceEquals(merged, target[key]))
            {
                target[key] = merged;
            }
        }

        return target;
    }

    private static JsonNode? MergeValue(JsonNode? target, JsonNode patch, List<string> names, ResourceType type)
    {
        if (patch is JsonObject patchMap)
        {
            return MergeMap(target as JsonObject ?? [], patchMap, names, type);
        }

        if (patch is JsonArray && target is JsonArray && target.Parent is not null)
        {
            target = target.DeepClone();
        }

        if (patch is JsonArray patchList && target is JsonArray targetList)
        {
            var schema = FieldSchema.ForList(type, names);
            if (schema.Type == ListType.Map)
            {
                return MergeByKey(targetList, patchList, schema.Keys[0], names, type);
            }

            if (schema.Type == ListType.Set)
            {
                var union = (JsonArray)targetList.DeepClone();
                foreach (var item in patchList.Where(p => !targetList.Any(t => JsonNode.DeepEquals(t, p))))
                {
                    union.Add(item?.DeepClone());
                }

                return union;
            }
        }

        var copy = patch.DeepClone();
        if (copy is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                item.Remove("$patch");
            }
        }

        return copy;
    }

    private static JsonArray MergeByKey(JsonArray target, JsonArray patch, string key, List<string> names, ResourceType type)
    {
        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                continue;
            }

            if ((string?)patchItem["$patch"] == "replace")
            {
                result.Clear();
                continue;
            }

            var keyValue = patchItem[key];
            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (JsonNode.DeepEquals(result[i]?[key], keyValue))
                {
                    index = i;
                    break;
                }
            }

            if ((string?)patchItem["$patch"] == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                // Merges in place; a "$patch: delete" inside the item removes it.
                if (MergeMap((JsonObject)result[index]!, patchItem, names, type) is null)
                {
                    result.RemoveAt(index);
                }
            }
            else
            {
                var added = (JsonObject)patchItem.DeepClone();
                added.Remove("$patch");
                result.Add(added);
            }
        }

        return result;
    }
}
