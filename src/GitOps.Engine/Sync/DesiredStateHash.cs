using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Sync;

/// <summary>A short, key-order-independent hash of an object's desired state, recorded in the ApplySet parent (DESIGN.md §D7).</summary>
public static class DesiredStateHash
{
    // Every sync hashes every desired object: one buffer and writer per thread instead of a stream and writer per object.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    /// <summary>16 hex characters (64 bits) of SHA-256 over the canonical JSON (object keys sorted).</summary>
    public static string Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var output = buffer ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        var json = writer ??= new Utf8JsonWriter(output);
        json.Reset(output);
        WriteCanonical(json, obj);
        json.Flush();
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(output.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                var properties = new KeyValuePair<string, JsonNode?>[obj.Count];
                var i = 0;
                foreach (var property in obj)
                {
                    properties[i++] = property;
                }

                Array.Sort(properties, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                writer.WriteStartObject();
                foreach (var (key, value) in properties)
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
