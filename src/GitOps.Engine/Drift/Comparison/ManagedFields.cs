using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// Reads metadata.managedFields (FieldsV1): who owns a field path, and the set our manager applied.
/// Paths are navigated as "f:&lt;field&gt;" and "k:{key json}" entries; an empty entry owns its whole subtree.
/// </summary>
internal static class ManagedFields
{
    /// <summary>The FieldsV1 set our manager last applied (operation Apply), or null.</summary>
    public static JsonObject? AppliedBy(JsonObject live, string manager)
    {
        foreach (var entry in Entries(live))
        {
            if (TextEquals(entry["manager"], manager) && TextEquals(entry["operation"], "Apply"))
            {
                return entry["fieldsV1"] as JsonObject;
            }
        }

        return null;
    }

    /// <summary>The managers owning the path (our own manager included when it owns it).</summary>
    public static List<string> OwnersOf(JsonObject live, IReadOnlyList<PathSegment> path)
    {
        var owners = new List<string>();
        foreach (var entry in Entries(live))
        {
            if (entry["fieldsV1"] is JsonObject fields && Owns(fields, path) && Text(entry["manager"]) is { } manager && !owners.Contains(manager))
            {
                owners.Add(manager);
            }
        }

        return owners;
    }

    /// <summary>True when a FieldsV1 "k:{...}" entry names the item (absent key fields take their default).</summary>
    public static bool KeyEntryMatches(string entryName, JsonObject item)
    {
        if (TryFlatKey(entryName, item, out var matches))
        {
            return matches;
        }

        var json = entryName.AsSpan(2);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            var reader = new Utf8JsonReader(buffer[..length]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var itemValue = FindValue(ref reader, item);
                if (!reader.Read() || !ValueMatches(ref reader, itemValue))
                {
                    return false;
                }
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The common case without a JSON reader: a flat key object whose values are strings without
    /// escapes or plain numbers, e.g. k:{"name":"web"} or k:{"containerPort":80,"protocol":"TCP"}.
    /// Returns false (undecided) for anything else.
    /// </summary>
    private static bool TryFlatKey(string entryName, JsonObject item, out bool matches)
    {
        matches = false;
        var text = entryName.AsSpan();
        if (text.Length < 5 || !text.StartsWith("k:{") || text[^1] != '}' || text.Contains('\\'))
        {
            return false;
        }

        var rest = text[3..^1];
        var allMatch = true;
        while (!rest.IsEmpty)
        {
            if (rest[0] != '"')
            {
                return false;
            }

            var nameEnd = rest[1..].IndexOf('"');
            if (nameEnd < 0 || rest.Length < nameEnd + 3 || rest[nameEnd + 2] != ':')
            {
                return false;
            }

            var name = rest.Slice(1, nameEnd);
            rest = rest[(nameEnd + 3)..];
            ReadOnlySpan<char> value;
            bool isString;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var valueEnd = rest[1..].IndexOf('"');
                if (valueEnd < 0)
                {
                    return false;
                }

                value = rest.Slice(1, valueEnd);
                isString = true;
                rest = rest[(valueEnd + 2)..];
            }
            else
            {
                var valueEnd = rest.IndexOf(',');
                value = valueEnd < 0 ? rest : rest[..valueEnd];
                isString = false;
                rest = valueEnd < 0 ? [] : rest[valueEnd..];
                if (!decimal.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    return false;
                }
            }

            if (!rest.IsEmpty)
            {
                if (rest[0] != ',')
                {
                    return false;
                }

                rest = rest[1..];
            }

            allMatch &= ItemHas(item, name, value, isString);
        }

        matches = allMatch;
        return true;
    }

    private static bool ItemHas(JsonObject item, ReadOnlySpan<char> name, ReadOnlySpan<char> value, bool isString)
    {
        JsonValue? found = null;
        for (var i = 0; i < item.Count; i++)
        {
            var (key, node) = item.GetAt(i);
            if (name.SequenceEqual(key))
            {
                found = node as JsonValue;
                break;
            }
        }

        if (found is null && name.SequenceEqual("protocol"))
        {
            return isString && value.SequenceEqual("TCP");
        }

        if (found is null)
        {
            return false;
        }

        if (found.TryGetValue<JsonElement>(out var element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.String when isString => element.ValueEquals(value),
                JsonValueKind.Number when !isString => element.TryGetDecimal(out var n) && decimal.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var v) && n == v,
                _ => Scalars.Equal(found, isString ? JsonValue.Create(value.ToString()) : JsonValue.Create(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)), quantities: false),
            };
        }

        if (isString && found.TryGetValue<string>(out var text))
        {
            return value.SequenceEqual(text);
        }

        return Scalars.Equal(found, isString ? JsonValue.Create(value.ToString()) : JsonValue.Create(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)), quantities: false);
    }

    /// <summary>True when the node is the given string (no allocation for parsed values).</summary>
    public static bool TextEquals(JsonNode? node, string expected)
    {
        if (node is not JsonValue value)
        {
            return false;
        }

        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.ValueKind == JsonValueKind.String && element.ValueEquals(expected);
        }

        return value.TryGetValue<string>(out var s) && s == expected;
    }

    private static JsonValue? FindValue(ref Utf8JsonReader reader, JsonObject item)
    {
        for (var i = 0; i < item.Count; i++)
        {
            var (name, value) = item.GetAt(i);
            if (reader.ValueTextEquals(name))
            {
                return value as JsonValue;
            }
        }

        return reader.ValueTextEquals("protocol"u8) ? ListKeys.DefaultOf("protocol") : null;
    }

    private static bool ValueMatches(ref Utf8JsonReader reader, JsonValue? value)
    {
        if (value is null)
        {
            reader.Skip();
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return value.TryGetValue<string>(out var s) ? reader.ValueTextEquals(s) : value.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.String && e.ValueEquals(reader.GetString());
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var n) && Scalars.Equal(JsonValue.Create(n), value, quantities: false);
            case JsonTokenType.True or JsonTokenType.False:
                return value.GetValueKind() == (reader.TokenType == JsonTokenType.True ? JsonValueKind.True : JsonValueKind.False);
            default:
                reader.Skip();
                return false;
        }
    }

    private static bool Owns(JsonObject fields, IReadOnlyList<PathSegment> path)
    {
        JsonObject node = fields;
        foreach (var segment in path)
        {
            if (node.Count == 0)
            {
                return true; // an atomic leaf owns everything below it
            }

            JsonObject? next = null;
            if (segment.Field is { } field)
            {
                next = FieldEntry(node, field);
            }
            else if (segment.Item is { } item && segment.Keys is not null)
            {
                for (var i = 0; i < node.Count && next is null; i++)
                {
                    var (name, child) = node.GetAt(i);
                    if (name.StartsWith("k:", StringComparison.Ordinal) && KeyEntryMatches(name, item))
                    {
                        next = child as JsonObject;
                    }
                }
            }
            else
            {
                return false;
            }

            if (next is null)
            {
                return false;
            }

            node = next;
        }

        return true;
    }

    public static JsonObject? FieldEntry(JsonObject node, string field)
    {
        for (var i = 0; i < node.Count; i++)
        {
            var (name, child) = node.GetAt(i);
            if (name.Length == field.Length + 2 && name.StartsWith("f:", StringComparison.Ordinal) && name.AsSpan(2).SequenceEqual(field))
            {
                return child as JsonObject;
            }
        }

        return null;
    }

    private static IEnumerable<JsonObject> Entries(JsonObject live)
    {
        if ((live["metadata"] as JsonObject)?["managedFields"] is not JsonArray entries)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (entry is JsonObject o)
            {
                yield return o;
            }
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
