using System.Text.Json.Nodes;

namespace GitOps.Engine.Sync;

/// <summary>Small readers and writers for metadata of unstructured objects.</summary>
internal static class ObjectMeta
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }

        meta = [];
        obj["metadata"] = meta;
        return meta;
    }

    public static string? Annotation(JsonObject obj, string key) => String((obj["metadata"] as JsonObject)?["annotations"] as JsonObject, key);

    public static string? Label(JsonObject obj, string key) => String((obj["metadata"] as JsonObject)?["labels"] as JsonObject, key);

    public static void SetLabel(JsonObject obj, string key, string value)
    {
        var meta = Metadata(obj);
        if (meta["labels"] is not JsonObject labels)
        {
            labels = [];
            meta["labels"] = labels;
        }

        labels[key] = value;
    }

    public static string? String(JsonObject? obj, string key) => obj?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>True when a comma-separated option list (sync-options style) contains <paramref name="option"/>, ignoring case and spaces.</summary>
    public static bool HasOption(string? options, string option) =>
        options is not null && options.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(o => string.Equals(o.Replace(" ", "", StringComparison.Ordinal), option, StringComparison.OrdinalIgnoreCase));
}
