using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Sync;

/// <summary>A short, key-order-independent hash of an object's desired state, recorded in the ApplySet parent (DESIGN.md §D7).</summary>
public static class DesiredStateHash
{
    /// <summary>16 hex characters (64 bits) of SHA-256 over the canonical JSON (object keys sorted).</summary>
    public static string Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, obj);
        }

        var hash = SHA256.HashData(buffer.ToArray());
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

}
