using System.Text;
using System.Text.Json;

namespace GitOps.Functions.Catalog;

/// <summary>One function of the app: its name (folder in the published app) and its bindings.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<BindingDefinition> Bindings)
{
    /// <summary>The function.json text for this function (indented, UTF-8, trailing newline).</summary>
    public string ToFunctionJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("bindings");
            foreach (var binding in Bindings)
            {
                binding.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
