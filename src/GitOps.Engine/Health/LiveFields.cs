using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Health;

/// <summary>Tolerant readers for fields of live objects: a missing or mistyped field reads as null.</summary>
internal static class LiveFields
{
    public static JsonNode? At(JsonNode? node, string a) => (node as JsonObject)?[a];

    public static JsonNode? At(JsonNode? node, string a, string b) => At(At(node, a), b);

    public static JsonNode? At(JsonNode? node, string a, string b, string c) => At(At(node, a, b), c);

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Integer(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number when value.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number when value.TryGetValue<int>(out var i) => i,
            JsonValueKind.Number when value.TryGetValue<double>(out var d) => (long)d,
            JsonValueKind.String when long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    public static bool? Boolean(JsonNode? node) =>
        node is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => bool.TryParse(value.GetValue<string>(), out var b) ? b : null,
            _ => null,
        } : null;

    public static int Count(JsonNode? node) => node is JsonArray array ? array.Count : 0;

    /// <summary>The status conditions of an object (an empty sequence when there are none).</summary>
    public static IEnumerable<JsonObject> Conditions(JsonNode? obj) => Objects(At(obj, "status", "conditions"));

    /// <summary>The objects of an array (non-objects skipped).</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array)
        {
            if (item is JsonObject o)
            {
                yield return o;
            }
        }
    }

    /// <summary>The condition of the given type, or null.</summary>
    public static JsonObject? Condition(JsonNode? obj, string type) =>
        Conditions(obj).FirstOrDefault(c => Text(c["type"]) == type);

    /// <summary>True when the condition's status is "True".</summary>
    public static bool IsTrue(JsonObject? condition) => condition is not null && Text(condition["status"]) == "True";

    /// <summary>True when the condition's status is "False".</summary>
    public static bool IsFalse(JsonObject? condition) => condition is not null && Text(condition["status"]) == "False";

    /// <summary>True when metadata.generation is ahead of status.observedGeneration (the controller has not seen the latest spec).</summary>
    public static bool GenerationNotObserved(JsonObject obj)
    {
        var generation = Integer(At(obj, "metadata", "generation"));
        var observed = Integer(At(obj, "status", "observedGeneration"));
        return generation is not null && observed is not null && observed < generation;
    }

    public static string Message(JsonObject? condition) => Text(condition?["message"]) ?? "";
}
