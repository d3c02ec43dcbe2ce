using System.Text.Json.Nodes;

namespace GitOps.Engine.Manifests;

/// <summary>One YAML document converted to JSON, with where it came from.</summary>
/// <param name="Content">The document's value; null for an empty or comment-only document.</param>
/// <param name="File">File name (relative) or tool output name.</param>
/// <param name="Index">1-based index of the document within the file.</param>
/// <param name="Line">1-based line where the document's content starts.</param>
public sealed record YamlDocument(JsonNode? Content, string File, int Index, long Line)
{
    /// <summary>Lines of the nodes in <see cref="Content"/>, when positions were requested.</summary>
    public IReadOnlyDictionary<JsonNode, long>? Lines { get; init; }

    /// <summary>The line of <paramref name="node"/>, or the document's line when unknown.</summary>
    public long LineOf(JsonNode? node) => node is not null && Lines is not null && Lines.TryGetValue(node, out var line) ? line : Line;
}
