using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>One step of a field path: a field name, or a list item (by key fields when the list is keyed, else by index).</summary>
internal readonly record struct PathSegment(string? Field, int Index, JsonObject? Item, string[]? Keys)
{
    public static PathSegment OfField(string field) => new(field, -1, null, null);

    public static PathSegment OfItem(int index, JsonObject? item, string[]? keys) => new(null, index, item, keys);

    /// <summary>Renders "spec.template.spec.containers[name=web].image".</summary>
    public static string Render(IReadOnlyList<PathSegment> path)
    {
        var builder = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Field is { } field)
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(field);
                continue;
            }

            builder.Append('[');
            if (segment.Keys is { } keys && segment.Item is { } item)
            {
                for (var i = 0; i < keys.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    var value = item[keys[i]] ?? ListKeys.DefaultOf(keys[i]);
                    builder.Append(keys[i]).Append('=').Append(value is JsonValue v ? v.ToString() : value?.ToJsonString());
                }
            }
            else
            {
                builder.Append(segment.Index.ToString(CultureInfo.InvariantCulture));
            }

            builder.Append(']');
        }

        return builder.ToString();
    }

    /// <summary>True when the JSON pointer segment (already unescaped) addresses this step.</summary>
    public bool MatchesPointer(string pointerSegment)
    {
        if (Field is { } field)
        {
            return pointerSegment == field;
        }

        if (pointerSegment == "*" || pointerSegment == Index.ToString(CultureInfo.InvariantCulture))
        {
            return true;
        }

        return Keys is { Length: > 0 } keys && Item?[keys[0]] is JsonValue first && first.ToString() == pointerSegment;
    }
}
