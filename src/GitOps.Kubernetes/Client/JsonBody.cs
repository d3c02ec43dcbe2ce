using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Kubernetes.Client;

/// <summary>Request bodies written straight to UTF-8 (no intermediate string), and answers parsed once into a JsonObject.</summary>
internal static class JsonBody
{
    /// <summary>Content of media type <paramref name="mediaType"/> holding <paramref name="node"/> as JSON.</summary>
    public static HttpContent Content(JsonNode node, string mediaType)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        // A constant value: added as it is, not parsed per request.
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    /// <summary>The object a successful answer carries.</summary>
    public static JsonObject Parse(ApiResponse response, string verb, ObjectRef? objectRef)
    {
        try
        {
            return JsonNode.Parse(response.Body) as JsonObject
                ?? throw new KubernetesApiException($"{verb}: the server's response is not a JSON object", response.StatusCode, "InvalidResponse", objectRef);
        }
        catch (JsonException e)
        {
            throw new KubernetesApiException($"{verb}: the server's response is not valid JSON", response.StatusCode, "InvalidResponse", objectRef, null, e);
        }
    }
}
