using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Engine.Sync;

/// <summary>A short, key-order-independent hash of an object's desired state, recorded in the ApplySet parent (docs/architecture.md §D7).</summary>
public static class DesiredStateHash
{
    // Every sync hashes every desired object, so the buffer and writer are reused per thread rather than allocated per object.
    [ThreadStatic]
    private static Canonicalizer? t_canonicalizer;

    /// <summary>16 hex characters (64 bits) of SHA-256 over the canonical JSON (object keys sorted).</summary>
    public static string Of(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var canonical = t_canonicalizer ??= new Canonicalizer();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonical.Write(obj), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    private sealed class Canonicalizer
    {
        private readonly ArrayBufferWriter<byte> buffer = new(1024);
        private readonly Utf8JsonWriter writer;

        public Canonicalizer() => writer = new Utf8JsonWriter(buffer);

        public ReadOnlySpan<byte> Write(JsonObject obj)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            WriteCanonical(obj);
            writer.Flush();
            return buffer.WrittenSpan;
        }

        private void WriteCanonical(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonObject obj:
                    writer.WriteStartObject();
                    if (obj.Count > 0)
                    {
                        var properties = new KeyValuePair<string, JsonNode?>[obj.Count];
                        ((ICollection<KeyValuePair<string, JsonNode?>>)obj).CopyTo(properties, 0);
                        if (properties.Length > 1)
                        {
                            Array.Sort(properties, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                        }

                        foreach (var (key, value) in properties)
                        {
                            writer.WritePropertyName(key);
                            WriteCanonical(value);
                        }
                    }

                    writer.WriteEndObject();
                    break;
                case JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array)
                    {
                        WriteCanonical(item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
    }
}
