using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;

namespace GitOps.Engine.Apps;

/// <summary>Typed access to one app document's fields that records problems as "file:line: field: problem".</summary>
internal sealed class AppDocumentReader(YamlDocument document, List<string> problems)
{
    public void Problem(JsonNode? at, string field, string problem) =>
        problems.Add($"{document.File}:{document.LineOf(at)}: {field}: {problem}");

    public JsonObject? Object(JsonObject parent, string key, string field, bool required = false)
    {
        var node = parent[key];
        if (node is null)
        {
            if (required)
            {
                Problem(parent, field, "is required");
            }

            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        Problem(node, field, "must be a mapping");
        return null;
    }

    public string? String(JsonObject parent, string key, string field, bool required = false)
    {
        var node = parent[key];
        if (node is null)
        {
            if (required)
            {
                Problem(parent, field, "is required");
            }

            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            if (required && text.Length == 0)
            {
                Problem(node, field, "must not be empty");
            }

            return text;
        }

        Problem(node, field, $"must be a string (got {node.ToJsonString()}; quote it)");
        return null;
    }

    public bool? Bool(JsonObject parent, string key, string field)
    {
        var node = parent[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var b))
        {
            return b;
        }

        Problem(node, field, "must be true or false");
        return null;
    }

    public int? Int(JsonObject parent, string key, string field)
    {
        var node = parent[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue)
        {
            return (int)l;
        }

        Problem(node, field, "must be an integer");
        return null;
    }

    public List<string> Strings(JsonObject parent, string key, string field)
    {
        var node = parent[key];
        var result = new List<string>();
        if (node is null)
        {
            return result;
        }

        if (node is not JsonArray array)
        {
            Problem(node, field, "must be a list of strings");
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
            {
                result.Add(s);
            }
            else
            {
                Problem(array[i] ?? array, $"{field}[{i}]", "must be a non-empty string");
            }
        }

        return result;
    }

    public void OnlyKnown(JsonObject obj, string field, params string[] known)
    {
        foreach (var (key, value) in obj)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                Problem(value ?? obj, field.Length == 0 ? key : $"{field}.{key}", $"unknown field (known: {string.Join(", ", known)})");
            }
        }
    }
}
