using System.Text.Json;

namespace GitOps.Testing.Webhooks;

/// <summary>GitHub's published example payloads (npm <c>@octokit/webhooks-examples</c>, api.github.com/index.json).</summary>
public static class GitHubExamples
{
    /// <summary>Every example of <paramref name="eventName"/> (for example "push"), each as compact JSON text.</summary>
    public static IReadOnlyList<string> Load(string eventName)
    {
        var index = Path.Combine(ToolPaths.NodeModules, "@octokit", "webhooks-examples", "api.github.com", "index.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
        var result = new List<string>();
        foreach (var entry in doc.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() != eventName)
            {
                continue;
            }

            foreach (var example in entry.GetProperty("examples").EnumerateArray())
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    example.WriteTo(writer);
                }

                result.Add(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }

        return result.Count > 0 ? result : throw new InvalidOperationException($"No '{eventName}' examples in {index}.");
    }
}
