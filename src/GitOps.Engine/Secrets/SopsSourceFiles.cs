using System.Text;
using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Safety;
using GitOps.Engine.Secrets.Sops;

namespace GitOps.Engine.Secrets;

/// <summary>Finds the SOPS file a tool's output document came from: the file under the search folders that holds the same MAC (each file's MAC is unique).</summary>
/// <param name="folders">Folders to search in order (the app folder first, then the checkout), each a boundary for symlinks.</param>
/// <param name="walk">Walk bounds.</param>
/// <param name="yaml">YAML bounds.</param>
public sealed class SopsSourceFiles(IReadOnlyList<string> folders, WalkLimits walk, YamlLimits yaml)
{
    /// <summary>The documents (without their <c>sops</c> block) and metadata of the file whose MAC is <paramref name="mac"/>.</summary>
    /// <exception cref="SopsException">No such file, or it is malformed.</exception>
    public (IReadOnlyList<JsonObject> Branches, SopsMetadata Metadata) Find(string mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        // The longest alphanumeric run of the MAC: found in the file's bytes however a JSON writer escaped '+' or '/'.
        var needle = Encoding.ASCII.GetBytes(System.Text.RegularExpressions.Regex.Matches(mac, "[A-Za-z0-9]+").MaxBy(m => m.Length)?.Value ?? mac);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var (relative, full) in SafePaths.EnumerateFiles(folder, folder, walk, IsCandidate))
            {
                var bytes = File.ReadAllBytes(full);
                if (bytes.AsSpan().IndexOf(needle) < 0)
                {
                    continue;
                }

                List<JsonObject> documents;
                try
                {
                    documents = YamlReader.Read(bytes, relative, yaml)
                        .Where(d => SopsMetadata.IsSops(d.Content) && d.Content!["sops"]!["mac"] is JsonValue m && m.TryGetValue<string>(out var text) && text == mac)
                        .Select(d => (JsonObject)d.Content!.DeepClone())
                        .ToList();
                }
                catch (YamlParseException ex)
                {
                    throw new SopsException($"its source file {relative} does not parse: {ex.Message}", ex);
                }

                if (documents.Count == 0)
                {
                    continue;
                }

                var metadata = SopsMetadata.Read((JsonObject)documents[0]["sops"]!);
                documents.ForEach(d => d.Remove(SopsMetadata.Key));
                return (documents, metadata);
            }
        }

        throw new SopsException("the SOPS file it was rendered from is not in the app's folder or the checkout, so its MAC cannot be verified");
    }

    private static bool IsCandidate(string relative) =>
        relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal) || relative.EndsWith(".json", StringComparison.Ordinal);
}
