using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;
using GitOps.Engine.Secrets;

namespace GitOps.Engine.Rendering.Helm;

/// <summary>Helm values with SOPS-encrypted files: decrypted in memory and merged in order as helm merges <c>-f</c> files.</summary>
public static class HelmValues
{
    /// <summary>
    /// When any values file is SOPS-encrypted: all values (files in order, then the inline values) decrypted and merged into one
    /// JSON document for helm's stdin; otherwise null (helm reads the files itself).
    /// </summary>
    public static async Task<string?> MergeIfEncryptedAsync(
        IReadOnlyList<string> files, string? inline, string chartFolder, string displayPath, YamlLimits limits, SopsKeyring? keyring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var parsed = new List<IReadOnlyList<YamlDocument>>();
        foreach (var file in files)
        {
            var name = $"{displayPath}/{Path.GetRelativePath(chartFolder, file).Replace('\\', '/')}";
            try
            {
                parsed.Add(YamlReader.Read(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), name, limits));
            }
            catch (YamlParseException ex)
            {
                throw new RenderException($"chart '{displayPath}': values file {ex.Message}", ex);
            }
        }

        if (!parsed.Any(SopsDocuments.AnyEncrypted))
        {
            return null;
        }

        var values = new JsonObject();
        foreach (var documents in parsed)
        {
            var decrypted = await SopsDocuments.DecryptAsync(documents, keyring, cancellationToken).ConfigureAwait(false);
            foreach (var document in decrypted.Where(d => d.Content is not null))
            {
                Merge(values, document.Content as JsonObject ?? throw new RenderException($"chart '{displayPath}': values file {document.File} is not a mapping"));
            }
        }

        if (inline is not null)
        {
            Merge(values, JsonNode.Parse(inline) as JsonObject ?? throw new RenderException($"chart '{displayPath}': inline values are not a JSON object"));
        }

        return values.ToJsonString();
    }

    // helm's mergeMaps for -f files: later files win; mappings merge key by key; anything else replaces.
    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            if (value is JsonObject map && target[key] is JsonObject existing)
            {
                Merge(existing, map);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
