using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Safety;

namespace GitOps.Engine.Rendering.Plain;

/// <summary>Reads every .yaml/.yml/.json file under the app folder, ordinally sorted by path, skipping kustomization and Chart files.</summary>
public static class PlainRenderer
{
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal)
    {
        "kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml", "Chart.yml",
    };

    /// <summary>Whether a file (relative path) is a manifest for the plain renderer.</summary>
    public static bool IsManifest(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var name = relative[(relative.LastIndexOf('/') + 1)..];
        return !Excluded.Contains(name)
            && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal));
    }

    /// <summary>Parses the app folder's manifests; symlinks must stay inside <paramref name="appFolder"/>.</summary>
    public static IReadOnlyList<YamlDocument> Render(string appFolder, RenderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var documents = new List<YamlDocument>();
        long total = 0;
        foreach (var (relative, full) in SafePaths.EnumerateFiles(appFolder, appFolder, options.Walk, IsManifest))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = new FileInfo(full).Length;
            total += size;
            if (size > options.Yaml.MaxInputBytes || total > options.MaxOutputBytes)
            {
                throw new RenderException($"{relative}: the file is {size} bytes; files are limited to {options.Yaml.MaxInputBytes} bytes and an app to {options.MaxOutputBytes}");
            }

            documents.AddRange(YamlReader.Read(File.ReadAllBytes(full), relative, options.Yaml));
        }

        return documents;
    }
}
