using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Safety;

namespace GitOps.Engine.Rendering.Kustomize;

/// <summary>Checks a kustomization tree before kustomize runs: no exec/KRM-function plugins, no Helm inflation, no remote resources unless allowed, every local reference inside the checkout.</summary>
public static partial class KustomizationInspector
{
    /// <summary>File names kustomize recognises, in its order of precedence.</summary>
    public static readonly IReadOnlyList<string> FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    /// <summary>The kustomization file in <paramref name="directory"/>, or null.</summary>
    public static string? Find(string directory) =>
        FileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    /// <summary>Inspects the kustomization in <paramref name="directory"/> and every local base it references; throws <see cref="RenderException"/> on the first violation.</summary>
    public static void Inspect(string directory, string checkoutRoot, bool allowRemote, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = SafePaths.RealPath(checkoutRoot);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Visit(SafePaths.RealPath(directory), root, allowRemote, options, visited, 0);
    }

    private static void Visit(string directory, string root, bool allowRemote, RenderOptions options, HashSet<string> visited, int depth)
    {
        if (!visited.Add(directory))
        {
            return;
        }

        if (depth > 20 || visited.Count > 500)
        {
            throw new RenderException($"{Relative(root, directory)}: kustomization bases nest deeper than 20 levels or exceed 500 folders");
        }

        try
        {
            SafePaths.EnsureNoEscapingLinks(directory, root, options.Walk);
        }
        catch (UnsafePathException ex)
        {
            throw new RenderException($"{Relative(root, directory)}: {ex.Message}", ex);
        }

        var file = Find(directory);
        if (file is null)
        {
            return;
        }

        var display = Relative(root, file);
        IReadOnlyList<YamlDocument> documents;
        try
        {
            documents = YamlReader.Read(File.ReadAllBytes(file), display, options.Yaml, trackLines: true);
        }
        catch (YamlParseException ex)
        {
            throw new RenderException(ex.Message, ex);
        }

        if (documents.FirstOrDefault(d => d.Content is not null) is not { Content: JsonObject kustomization } doc)
        {
            return;
        }

        foreach (var field in new[] { "helmCharts", "helmChartInflationGenerator", "helmGlobals" })
        {
            if (kustomization.ContainsKey(field))
            {
                throw new RenderException($"{display}:{doc.LineOf(kustomization[field])}: {field}: Helm inflation inside kustomize is not supported; render the chart with render.type: helm");
            }
        }

        foreach (var field in new[] { "generators", "transformers", "validators" })
        {
            foreach (var (entry, line) in Entries(kustomization, field, doc))
            {
                CheckPlugin(entry, line, field, directory, root, display, options);
            }
        }

        foreach (var field in new[] { "resources", "bases", "components" })
        {
            foreach (var (entry, line) in Entries(kustomization, field, doc))
            {
                if (IsRemote(entry))
                {
                    if (!allowRemote)
                    {
                        throw new RenderException($"{display}:{line}: {field}: '{entry}' is a remote resource; remote bases are off unless the app sets render.allowRemoteBases: true");
                    }

                    continue;
                }

                var target = LocalTarget(entry, line, field, directory, root, display);
                if (Directory.Exists(target))
                {
                    Visit(target, root, allowRemote, options, visited, depth + 1);
                }
            }
        }
    }

    private static void CheckPlugin(string entry, long line, string field, string directory, string root, string display, RenderOptions options)
    {
        IReadOnlyList<YamlDocument> configs;
        var name = entry;
        if (entry.Contains('\n', StringComparison.Ordinal))
        {
            configs = YamlReader.Read(entry, $"{display} (inline {field} entry at line {line})", options.Yaml);
        }
        else
        {
            if (IsRemote(entry))
            {
                throw new RenderException($"{display}:{line}: {field}: '{entry}' is a remote plugin configuration; plugins must be built-in and local");
            }

            var target = LocalTarget(entry, line, field, directory, root, display);
            if (Directory.Exists(target))
            {
                throw new RenderException($"{display}:{line}: {field}: '{entry}' is a folder of plugin configurations; list built-in plugin configuration files directly");
            }

            if (!File.Exists(target))
            {
                return; // kustomize reports the missing file itself.
            }

            configs = YamlReader.Read(File.ReadAllBytes(target), Relative(root, target), options.Yaml);
        }

        foreach (var config in configs.Select(c => c.Content).OfType<JsonObject>())
        {
            var apiVersion = config["apiVersion"]?.ToString() ?? "";
            var kind = config["kind"]?.ToString() ?? "";
            var annotations = config["metadata"]?["annotations"] as JsonObject;
            var isFunction = annotations is not null && (annotations.ContainsKey("config.kubernetes.io/function") || annotations.ContainsKey("config.k8s.io/function"));
            if (isFunction || apiVersion != "builtin")
            {
                throw new RenderException($"{display}:{line}: {field}: '{Shorten(name)}' declares the plugin {kind} ({apiVersion}); exec, container and Go plugins are not allowed, only built-in ones (apiVersion: builtin)");
            }
        }
    }

    private static string LocalTarget(string entry, long line, string field, string directory, string root, string display)
    {
        if (Path.IsPathRooted(entry))
        {
            throw new RenderException($"{display}:{line}: {field}: '{entry}' is an absolute path; use a path relative to the kustomization");
        }

        string real;
        try
        {
            real = SafePaths.RealPath(Path.GetFullPath(Path.Combine(directory, entry)));
        }
        catch (UnsafePathException ex)
        {
            throw new RenderException($"{display}:{line}: {field}: {ex.Message}", ex);
        }

        if (!SafePaths.IsInside(root, real))
        {
            throw new RenderException($"{display}:{line}: {field}: '{entry}' points outside the repository checkout");
        }

        return real;
    }

    private static IEnumerable<(string Entry, long Line)> Entries(JsonObject kustomization, string field, YamlDocument doc)
    {
        if (kustomization[field] is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var s))
            {
                yield return (s, doc.LineOf(item));
            }
        }
    }

    /// <summary>Whether a kustomize resource reference fetches from the network.</summary>
    public static bool IsRemote(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RemotePattern().IsMatch(entry) || entry.Contains("?ref=", StringComparison.Ordinal) || entry.Contains("//", StringComparison.Ordinal);
    }

    private static string Relative(string root, string path) =>
        path.Length > root.Length ? path[(root.Length + 1)..] : ".";

    private static string Shorten(string text) => text.Length <= 60 ? text.ReplaceLineEndings(" ") : text[..60].ReplaceLineEndings(" ") + "…";

    [GeneratedRegex(@"^(https?://|ssh://|git::|git@|file://|s3::|gcs::|(github\.com|gitlab\.com|bitbucket\.org)[/:])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RemotePattern();
}
