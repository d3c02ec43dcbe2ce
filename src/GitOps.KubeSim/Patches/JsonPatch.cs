using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Patches;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test over JSON pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonObject target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiError.BadRequest("json patch must be an array of operations");
        }

        JsonNode doc = target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = (string?)op["op"] ?? throw ApiError.BadRequest("json patch operation without 'op'");
            var path = (string?)op["path"] ?? throw ApiError.BadRequest("json patch operation without 'path'");
            switch (kind)
            {
                case "add":
                    Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(doc, path);
                    break;
                case "replace":
                    Remove(doc, path);
                    Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Get(doc, (string)op["from"]!);
                    Remove(doc, (string)op["from"]!);
                    Add(doc, path, moved?.DeepClone());
                    break;
                case "copy":
                    Add(doc, path, Get(doc, (string)op["from"]!)?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), op["value"]))
                    {
                        throw ApiError.Invalid422Patch($"testing value {path} failed");
                    }

                    break;
                default:
                    throw ApiError.BadRequest($"Unexpected kind: {kind}");
            }
        }

        return doc;
    }

    private static string[] Split(string path) =>
        path.Length == 0 ? [] : [.. path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Get(JsonNode doc, string path)
    {
        JsonNode? node = doc;
        foreach (var part in Split(path))
        {
            node = node switch
            {
                JsonObject o when o.ContainsKey(part) => o[part],
                JsonArray a when int.TryParse(part, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw ApiError.BadRequest($"jsonpatch: path {path} not found"),
            };
        }

        return node;
    }

    private static void Add(JsonNode doc, string path, JsonNode? value)
    {
        var parts = Split(path);
        var parent = Get(doc, "/" + string.Join('/', parts[..^1].Select(Escape)));
        if (parts.Length == 1)
        {
            parent = doc;
        }

        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw ApiError.BadRequest($"jsonpatch add operation does not apply: doc is missing path: \"{path}\"");
        }
    }

    private static void Remove(JsonNode doc, string path)
    {
        var parts = Split(path);
        var parent = parts.Length == 1 ? doc : Get(doc, "/" + string.Join('/', parts[..^1].Select(Escape)));
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw ApiError.BadRequest($"jsonpatch remove operation does not apply: doc is missing path: \"{path}\"");
        }
    }

    private static string Escape(string s) => s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
