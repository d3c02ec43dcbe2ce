using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.KubeSim.Objects;

/// <summary>Serializes nodes to compact UTF-8 JSON (the bytes the serializer would write) through a per-thread reused buffer.</summary>
internal static class JsonBytes
{
    // Every write and every answer serializes an object: only the final array is allocated per call.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_serializer;

    public static byte[] Of(JsonNode node)
    {
        if (t_serializer is not { } serializer)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            t_serializer = serializer = (buffer, new Utf8JsonWriter(buffer));
        }

        serializer.Buffer.ResetWrittenCount();
        serializer.Writer.Reset(serializer.Buffer);
        node.WriteTo(serializer.Writer);
        serializer.Writer.Flush();
        var bytes = serializer.Buffer.WrittenSpan.ToArray();
        if (serializer.Buffer.Capacity > 1024 * 1024)
        {
            // Do not keep a large list's buffer alive on the thread.
            t_serializer = null;
        }

        return bytes;
    }
}
