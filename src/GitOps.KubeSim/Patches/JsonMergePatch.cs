using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Patches;

/// <summary>RFC 7386 JSON merge patch: maps merge, null deletes, everything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchMap)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetMap ? (JsonObject)targetMap.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchMap)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
