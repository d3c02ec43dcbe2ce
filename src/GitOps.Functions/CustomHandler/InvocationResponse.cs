using System.Text;
using System.Text.Json;

namespace GitOps.Functions.CustomHandler;

/// <summary>The custom-handler response document: {"Outputs":{…},"Logs":[…],"ReturnValue":null} (PLATFORM.md §A).</summary>
public sealed class InvocationResponse
{
    private readonly Dictionary<string, string> outputs = new(StringComparer.Ordinal);
    private readonly List<string> logs = [];

    /// <summary>Sets a string output binding value (must not look like base64: the host would decode it).</summary>
    public InvocationResponse Output(string bindingName, string value)
    {
        outputs[bindingName] = value;
        return this;
    }

    /// <summary>Adds a line the host writes to the invocation log at Information level.</summary>
    public InvocationResponse Log(string line)
    {
        logs.Add(line);
        return this;
    }

    /// <summary>Serializes the document (compact, UTF-8).</summary>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Outputs");
            foreach (var (name, value) in outputs)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("Logs");
            foreach (var line in logs)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteNull("ReturnValue");
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(ToUtf8Json());
}
