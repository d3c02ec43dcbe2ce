using System.Runtime.ExceptionServices;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Safety;
using GitOps.Engine.Sources;

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

    /// <summary>Parses the app folder's manifests; symlinks must stay inside <paramref name="appFolder"/>. With <paramref name="cache"/>, unchanged files are not parsed again.</summary>
    public static IReadOnlyList<YamlDocument> Render(string appFolder, RenderOptions options, CancellationToken cancellationToken = default, ParsedManifestCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Sizes first (a stat per file), so the bounds fail fast before anything is parsed.
        var files = new List<(string Relative, string Full)>();
        long total = 0;
        foreach (var (relative, full) in SafePaths.EnumerateFiles(appFolder, appFolder, options.Walk, IsManifest))
        {
            cancellationToken.ThrowIfCancellationRequested();
            total = CheckSize(relative, new FileInfo(full).Length, total, options);
            files.Add((relative, full));
        }

        // Parsing is CPU-bound and independent per file: parse in parallel, keep the path order.
        // A failure is captured per file so the error reported is the first file's, as in a sequential read.
        var parsed = new IReadOnlyList<YamlDocument>[files.Count];
        var failures = new ExceptionDispatchInfo?[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                var content = File.ReadAllBytes(files[i].Full);
                var relative = files[i].Relative;
                parsed[i] = cache is null ? YamlReader.Read(content, relative, options.Yaml) : cache.GetOrParse(relative, content, bytes => YamlReader.Read(bytes, relative, options.Yaml));
            }
            catch (Exception ex) when (ex is YamlParseException or IOException or UnauthorizedAccessException)
            {
                failures[i] = ExceptionDispatchInfo.Capture(ex);
            }
        });
        return InPathOrder(parsed!, failures);
    }

    /// <summary>
    /// As <see cref="Render"/>, from a commit's tree: only blobs not in <paramref name="cache"/> are read and parsed. Null
    /// when the tree cannot answer alone (no such folder, beyond the walk limits, the cache lost a blob): render a checkout then.
    /// </summary>
    public static async Task<IReadOnlyList<YamlDocument>?> TryRenderAsync(SourceTree tree, string appFolder, RenderOptions options, ParsedManifestCache? cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        string folder;
        try
        {
            folder = SafePaths.NormalizeRelative(appFolder, "app path");
        }
        catch (UnsafePathException)
        {
            return null;
        }

        var (entries, depth) = tree.ShapeUnder(folder);
        if (!tree.HasFolder(folder) || entries > options.Walk.MaxEntries || depth > options.Walk.MaxDepth)
        {
            return null; // The checkout path reports these.
        }

        var files = tree.FilesUnder(folder).Where(f => IsManifest(f.Relative)).ToList();
        long total = 0;
        foreach (var (relative, file) in files)
        {
            total = CheckSize(relative, file.Size, total, options);
        }

        var parsed = new IReadOnlyList<YamlDocument>?[files.Count];
        var missing = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            parsed[i] = cache?.TryGetByBlob(files[i].Relative, files[i].File.BlobId);
            if (parsed[i] is null)
            {
                missing.Add(i);
            }
        }

        var failures = new ExceptionDispatchInfo?[files.Count];
        if (missing.Count > 0)
        {
            var contents = await tree.ReadBlobsAsync([.. missing.Select(i => files[i].File.BlobId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
            if (contents is null)
            {
                return null;
            }

            Parallel.ForEach(missing, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (relative, file) = files[i];
                try
                {
                    var documents = YamlReader.Read(contents[file.BlobId], relative, options.Yaml);
                    cache?.AddByBlob(relative, file.BlobId, documents);
                    parsed[i] = documents;
                }
                catch (YamlParseException ex)
                {
                    failures[i] = ExceptionDispatchInfo.Capture(ex);
                }
            });
        }

        return InPathOrder(parsed, failures);
    }

    /// <summary>The app's running total with this file added; throws when the file or the app is over its bound.</summary>
    private static long CheckSize(string relative, long size, long total, RenderOptions options)
    {
        total += size;
        if (size > options.Yaml.MaxFileBytes || total > options.MaxOutputBytes)
        {
            throw new RenderException($"{relative}: the file is {size} bytes; files are limited to {options.Yaml.MaxFileBytes} bytes and an app to {options.MaxOutputBytes}");
        }

        return total;
    }

    // The first file's error is the one reported, as in a sequential read.
    private static List<YamlDocument> InPathOrder(IReadOnlyList<YamlDocument>?[] parsed, ExceptionDispatchInfo?[] failures)
    {
        var documents = new List<YamlDocument>();
        for (var i = 0; i < parsed.Length; i++)
        {
            failures[i]?.Throw();
            documents.AddRange(parsed[i]!);
        }

        return documents;
    }
}
