using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Objects;

/// <summary>Reads numbers from nodes whether they were parsed (JsonElement) or built in code (int, long, double).</summary>
internal static class JsonNumbers
{
    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var el))
        {
            return el;
        }

        return value.TryGetValue<double>(out var d) ? (long)d : null;
    }
}
