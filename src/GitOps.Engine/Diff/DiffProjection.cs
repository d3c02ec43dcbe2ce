using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;

namespace GitOps.Engine.Diff;

/// <summary>
/// Prepares the two sides of a diff: server-managed metadata and status dropped, nulls in the
/// desired object removed, and (for the compared-fields scope) the live object cut down to the
/// fields we set, with semantically equal values shown in our spelling so only real changes differ.
/// </summary>
internal static class DiffProjection
{
    private static readonly HashSet<string> KeptMetadata = ["name", "namespace", "labels", "annotations"];

    /// <summary>The desired object as displayed: no status, no server-managed metadata, no nulls.</summary>
    public static JsonObject CleanDesired(JsonObject desired)
    {
        var clean = (JsonObject)DropNulls(desired)!;
        clean.Remove("status");
        KeepUserMetadata(clean);
        return clean;
    }

    /// <summary>The whole live object without status, managedFields and other server bookkeeping.</summary>
    public static JsonObject CleanLive(JsonObject live)
    {
        var clean = live.DeepClone().AsObject();
        clean.Remove("status");
        KeepUserMetadata(clean);
        return clean;
    }

    /// <summary>The live object restricted to the fields present in <paramref name="desired"/> (already cleaned).</summary>
    public static JsonObject Restrict(JsonObject desired, JsonObject live)
    {
        var projected = (JsonObject?)Project(desired, CleanLive(live), "", quantities: false) ?? [];
        return projected;
    }

    private static void KeepUserMetadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            return;
        }

        foreach (var key in metadata.Select(p => p.Key).Where(k => !KeptMetadata.Contains(k)).ToList())
        {
            metadata.Remove(key);
        }
    }

    private static JsonNode? DropNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is not null && !(value is JsonValue v && v.GetValueKind() == JsonValueKind.Null))
                    {
                        copy[key] = DropNulls(value);
                    }
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(DropNulls).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? Project(JsonNode? desired, JsonNode? live, string field, bool quantities)
    {
        if (live is null || live is JsonValue lv && lv.GetValueKind() == JsonValueKind.Null)
        {
            // Empty structures and zero values we set read back as absent: show them as equal.
            return IsEmpty(desired) ? desired?.DeepClone() : null;
        }

        switch (desired)
        {
            case JsonObject desiredObject when live is JsonObject liveObject:
                var result = new JsonObject();
                foreach (var (key, value) in desiredObject)
                {
                    if (key == "status")
                    {
                        continue;
                    }

                    var projected = Project(value, liveObject[key], key, IsQuantityMap(field) || key == "sizeLimit");
                    if (projected is not null)
                    {
                        result[key] = projected;
                    }
                }

                return result;
            case JsonArray desiredArray when live is JsonArray liveArray:
                return ProjectList(desiredArray, liveArray, field);
            case JsonValue desiredValue when live is JsonValue liveValue:
                return Scalars.Equal(desiredValue, liveValue, quantities) ? desiredValue.DeepClone() : liveValue.DeepClone();
            default:
                return live.DeepClone();
        }
    }

    private static JsonArray ProjectList(JsonArray desired, JsonArray live, string field)
    {
        var result = new JsonArray();
        if (desired.Count > 0 && desired[0] is JsonObject first && ListKeyOf(field, first) is { } keys)
        {
            // Keyed list: live items in desired order (a reorder is not a change); items we do not set are left out.
            foreach (var item in desired)
            {
                if (item is JsonObject desiredItem && live.OfType<JsonObject>().FirstOrDefault(l => SameKey(desiredItem, l, keys)) is { } liveItem)
                {
                    result.Add(Project(desiredItem, liveItem, field, quantities: false));
                }
            }

            return result;
        }

        for (var i = 0; i < live.Count; i++)
        {
            result.Add(i < desired.Count ? Project(desired[i], live[i], field, quantities: false) : live[i]?.DeepClone());
        }

        return result;
    }

    private static string[]? ListKeyOf(string field, JsonObject first) => ListKeys.For(field, first);

    private static bool SameKey(JsonObject desired, JsonObject live, string[] keys) => ListKeys.SameKey(desired, live, keys);

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.All(p => IsEmpty(p.Value)),
        JsonValue value => Scalars.IsZero(value),
        _ => false,
    };

    private static bool IsQuantityMap(string field) =>
        field is "limits" or "requests" or "hard" or "capacity" or "allocatable" or "used"
            or "max" or "min" or "default" or "defaultRequest" or "maxLimitRequestRatio";
}
