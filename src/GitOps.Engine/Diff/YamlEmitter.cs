using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Diff;

/// <summary>
/// Writes a JSON node as block-style YAML, deterministically: keys in ordinal order, list items at
/// their key's indentation (as kubectl prints), strings quoted whenever YAML would read them as
/// something else (numbers, booleans, null, leading indicators), multi-line strings as literal blocks.
/// </summary>
public static class YamlEmitter
{
    private static readonly JsonSerializerOptions DoubleQuoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan", "<<",
    };

    /// <summary>The YAML text of <paramref name="node"/>, ending with a newline.</summary>
    public static string Emit(JsonNode? node)
    {
        var builder = new StringBuilder();
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                WriteObject(builder, obj, 0);
                break;
            case JsonArray { Count: > 0 } array:
                WriteArray(builder, array, 0);
                break;
            default:
                builder.Append(Scalar(node, 0)).Append('\n');
                break;
        }

        return builder.ToString();
    }

    private static void WriteObject(StringBuilder builder, JsonObject obj, int indent)
    {
        var first = true;
        foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append(QuoteIfNeeded(key)).Append(':');
            WriteValue(builder, value, indent, inList: false);
        }
    }

    private static void WriteArray(StringBuilder builder, JsonArray array, int indent)
    {
        var first = true;
        foreach (var item in array)
        {
            if (!first)
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append('-');
            WriteValue(builder, item, indent, inList: true);
        }
    }

    /// <summary>Writes what follows "key:" or "-": an inline scalar/empty collection, or a nested block.</summary>
    private static void WriteValue(StringBuilder builder, JsonNode? value, int indent, bool inList)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } obj when inList:
                builder.Append(' ');
                WriteObject(builder, obj, indent + 2);
                return;
            case JsonObject { Count: > 0 } obj:
                builder.Append('\n').Append(' ', indent + 2);
                WriteObject(builder, obj, indent + 2);
                return;
            case JsonArray { Count: > 0 } array when inList:
                builder.Append(' ');
                WriteArray(builder, array, indent + 2);
                return;
            case JsonArray { Count: > 0 } array:
                builder.Append('\n').Append(' ', indent);
                WriteArray(builder, array, indent);
                return;
            default:
                builder.Append(' ').Append(Scalar(value, indent + 2)).Append('\n');
                return;
        }
    }

    private static string Scalar(JsonNode? node, int blockIndent)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
        }

        var value = (JsonValue)node;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => Text(value.GetValue<string>(), blockIndent),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            _ => value.ToJsonString(),
        };
    }

    private static string Text(string text, int blockIndent)
    {
        if (text.Contains('\n', StringComparison.Ordinal) && CanBeLiteralBlock(text))
        {
            var chomp = text.EndsWith('\n') ? "|" : "|-";
            var body = text.EndsWith('\n') ? text[..^1] : text;
            var pad = new string(' ', blockIndent);
            var lines = body.Split('\n').Select(line => line.Length == 0 ? "" : pad + line);
            return chomp + "\n" + string.Join("\n", lines);
        }

        return QuoteIfNeeded(text);
    }

    private static bool CanBeLiteralBlock(string text) =>
        !text.StartsWith(' ') && !text.StartsWith('\n') && !text.EndsWith("\n\n", StringComparison.Ordinal)
        && !text.Contains('\r', StringComparison.Ordinal) && !text.Contains('\t', StringComparison.Ordinal)
        && text.All(c => !char.IsControl(c) || c == '\n');

    /// <summary>The text as a plain scalar when YAML reads it back as the same string, otherwise double-quoted.</summary>
    internal static string QuoteIfNeeded(string text) =>
        NeedsQuotes(text) ? JsonSerializer.Serialize(text, DoubleQuoted) : text;

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || Reserved.Contains(text) || LooksNumeric(text))
        {
            return true;
        }

        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || "-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal))
        {
            // "-x" and "?x" are fine only when not followed by space; keep it simple and quote.
            return true;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':');
    }

    private static bool LooksNumeric(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        // YAML 1.1 readers also take hex, octal, sexagesimal and underscored numbers.
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var stripped = text.Replace("_", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        return stripped.Length > 0 && stripped.Length != text.Length && stripped.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+');
    }
}
