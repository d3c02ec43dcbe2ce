using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering;
using GitOps.Engine.Secrets.Sops;

namespace GitOps.Engine.Secrets;

/// <summary>The render step that decrypts SOPS documents: after rendering, before validation, in memory only.</summary>
/// <remarks>
/// The documents of one file that share a <c>sops</c> block form one SOPS tree (its MAC covers them
/// together), as sops writes multi-document YAML. Cached parse results are never modified: encrypted
/// documents are copied before they are decrypted.
/// </remarks>
public static class SopsDocuments
{
    /// <summary>Whether any of <paramref name="documents"/> is SOPS-encrypted.</summary>
    public static bool AnyEncrypted(IReadOnlyList<YamlDocument> documents) => documents.Any(d => SopsMetadata.IsSops(d.Content));

    /// <summary>
    /// <paramref name="documents"/> with every SOPS document decrypted and its MAC verified (<paramref name="keyring"/> given),
    /// or only checked for structure (null keyring); the <c>sops</c> block is removed either way.
    /// </summary>
    /// <param name="documents">The rendered documents.</param>
    /// <param name="keyring">The source's keys; null checks structure only.</param>
    /// <param name="sources">
    /// For a tool's output (kustomize sorts keys and may add fields, so the MAC no longer matches the rendered
    /// document): where to find the files the documents came from. Each is then verified as written, and the rendered
    /// document's ENC[…] values are replaced by the plaintext of the verified file's values.
    /// </param>
    /// <param name="cancellationToken">Cancels a Key Vault call.</param>
    /// <exception cref="RenderException">A file is malformed, fails its MAC, or no key opens it; names the file and the keys, never plaintext.</exception>
    public static async Task<IReadOnlyList<YamlDocument>> DecryptAsync(
        IReadOnlyList<YamlDocument> documents, SopsKeyring? keyring, CancellationToken cancellationToken, SopsSourceFiles? sources = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (!AnyEncrypted(documents))
        {
            return documents;
        }

        var result = documents.ToArray();
        var groups = Enumerable.Range(0, result.Length)
            .Where(i => SopsMetadata.IsSops(result[i].Content))
            .GroupBy(i => (result[i].File, Mac: result[i].Content!["sops"]!["mac"]?.ToJsonString() ?? $"#{i}"));
        var problems = new List<string>();
        foreach (var group in groups)
        {
            var indexes = group.ToList();
            var first = result[indexes[0]];
            var branches = indexes.Select(i => (JsonObject)result[i].Content!.DeepClone()).ToList();
            var block = (JsonObject)branches[0][SopsMetadata.Key]!;
            foreach (var branch in branches)
            {
                branch.Remove(SopsMetadata.Key);
            }

            try
            {
                var metadata = SopsMetadata.Read(block);
                if (keyring is null)
                {
                    SopsTree.CheckEncrypted(branches, metadata.Rules);
                }
                else if (sources is null)
                {
                    await DecryptAsync(branches, metadata, keyring, null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Verify the file as written (its MAC walks its own key order), then carry its plaintext over.
                    var (sourceBranches, sourceMetadata) = sources.Find(block["mac"]!.GetValue<string>());
                    var opened = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                    await DecryptAsync(sourceBranches, sourceMetadata, keyring, opened, cancellationToken).ConfigureAwait(false);
                    SopsTree.Substitute(branches, metadata.Rules, opened);
                }
            }
            catch (SopsException ex)
            {
                problems.Add($"{Where(first, branches[0])}: cannot decrypt SOPS file: {ex.Message}");
                continue;
            }

            for (var k = 0; k < indexes.Count; k++)
            {
                result[indexes[k]] = result[indexes[k]] with { Content = branches[k], Lines = null };
            }
        }

        return problems.Count == 0 ? result : throw new RenderException(problems);
    }

    private static async Task DecryptAsync(IReadOnlyList<JsonObject> branches, SopsMetadata metadata, SopsKeyring keyring, Dictionary<string, JsonNode?>? opened, CancellationToken cancellationToken)
    {
        var dataKey = await keyring.OpenDataKeyAsync(metadata, cancellationToken).ConfigureAwait(false);
        try
        {
            SopsTree.Decrypt(branches, metadata, dataKey, opened);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    // The file, and the object when the file is a tool's output (kustomize names every document after its folder).
    private static string Where(YamlDocument document, JsonObject content)
    {
        var kind = content["kind"] is JsonValue k && k.TryGetValue<string>(out var kindText) ? kindText : null;
        var name = content["metadata"]?["name"] is JsonValue n && n.TryGetValue<string>(out var nameText) ? nameText : null;
        kind = kind is not null && SopsValue.IsEncrypted(kind) ? "(encrypted kind)" : kind;
        name = name is not null && SopsValue.IsEncrypted(name) ? "(encrypted name)" : name;
        var what = kind is null && name is null ? "" : $" ({kind ?? "object"} {name ?? "(unnamed)"})";
        return $"{document.File}{(document.Index > 1 ? $" document {document.Index}" : "")}{what}";
    }
}
