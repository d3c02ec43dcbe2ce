using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Safety;
using GitOps.Engine.Sources;

namespace GitOps.Engine.Apps;

/// <summary>Reads and validates the app documents (apiVersion gitops-functions.io/v1, kind App) in a checkout's apps folder.</summary>
/// <remarks>
/// <code>
/// apiVersion: gitops-functions.io/v1
/// kind: App
/// metadata: { name: web }
/// spec:
///   path: apps/web            # folder in the repository
///   cluster: prod             # a cluster from the host settings
///   namespace: web            # default for namespaced objects
///   render: { type: auto|plain|kustomize|helm, allowRemoteBases: false,
///             helm: { releaseName, valuesFiles: [], values: {}, allowLookup: false } }
///   # or the short form, the type alone: render: kustomize
///   prune: true
///   selfHeal: true
///   driftMode: heal|detect
///   allowEmpty: false
///   syncWave: 0
///   watchPaths: []
///   dependsOn: []
///   syncOptions: { recreateOnImmutable: false }
///   ignore: [{ group, kind, namespace, name, jsonPointers: [], managedFieldsManagers: [] }]
/// </code>
/// Unknown fields are errors, so a typo never silently changes behaviour.
/// </remarks>
public static partial class AppDefinitionLoader
{
    /// <summary>The only schema version this build reads.</summary>
    public const string ApiVersion = "gitops-functions.io/v1";

    /// <summary>Reads every app under <paramref name="appsPath"/> of the checkout; throws <see cref="AppDefinitionException"/> listing every problem.</summary>
    public static IReadOnlyList<AppDefinition> Load(string checkoutDirectory, string source, string appsPath = ".gitops", YamlLimits? limits = null)
        => LoadAll(checkoutDirectory, source, appsPath, limits).ValidOrThrow();

    /// <summary>
    /// Reads every app under <paramref name="appsPath"/> of the checkout, keeping the valid apps apart from the invalid ones;
    /// throws <see cref="AppDefinitionException"/> only when the apps folder itself cannot be read.
    /// </summary>
    public static SourceApps LoadAll(string checkoutDirectory, string source, string appsPath = ".gitops", YamlLimits? limits = null)
    {
        string folder;
        try
        {
            folder = SafePaths.ResolveInside(checkoutDirectory, appsPath, "apps folder");
        }
        catch (UnsafePathException ex)
        {
            throw new AppDefinitionException(ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new AppDefinitionException($"apps folder '{appsPath}' cannot be read: {ex.Message}", ex);
        }

        if (!Directory.Exists(folder))
        {
            return SourceApps.Of([]);
        }

        IReadOnlyList<(string Relative, string FullPath)> files;
        try
        {
            files = SafePaths.EnumerateFiles(folder, folder, WalkLimits.Default, IsDefinitionFile);
        }
        catch (UnsafePathException ex)
        {
            throw new AppDefinitionException($"{appsPath}: {ex.Message}", ex);
        }

        var prefix = SafePaths.NormalizeRelative(appsPath, "apps folder");
        return LoadFiles(
            files.Select(f => new DefinitionFile(Display(prefix, f.Relative), new FileInfo(f.FullPath).Length, () => File.ReadAllBytes(f.FullPath))),
            source, limits, app => FolderProblem(app, path => Directory.Exists(SafePaths.ResolveInside(checkoutDirectory, path, "spec.path"))));
    }

    /// <summary>
    /// As <see cref="Load(string, string, string, YamlLimits?)"/>, from a commit's tree without a checkout; null when the
    /// tree cannot answer alone (the apps folder is beyond the walk limits, or the cache lost a blob): load from a checkout then.
    /// </summary>
    public static async Task<IReadOnlyList<AppDefinition>?> LoadAsync(SourceTree tree, string source, string appsPath = ".gitops", YamlLimits? limits = null, CancellationToken cancellationToken = default)
        => (await LoadAllAsync(tree, source, appsPath, limits, cancellationToken).ConfigureAwait(false))?.ValidOrThrow();

    /// <summary>As <see cref="LoadAll"/>, from a commit's tree; null when the tree cannot answer alone (see <see cref="LoadAsync"/>).</summary>
    public static async Task<SourceApps?> LoadAllAsync(SourceTree tree, string source, string appsPath = ".gitops", YamlLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        string prefix;
        try
        {
            prefix = SafePaths.NormalizeRelative(appsPath, "apps folder");
        }
        catch (UnsafePathException ex)
        {
            throw new AppDefinitionException(ex.Message, ex);
        }

        var (entries, depth) = tree.ShapeUnder(prefix);
        if (entries > WalkLimits.Default.MaxEntries || depth > WalkLimits.Default.MaxDepth)
        {
            return null; // The checkout path reports the limit.
        }

        var definitions = tree.FilesUnder(prefix).Where(f => IsDefinitionFile(f.Relative)).ToList();
        var maxBytes = (limits ?? YamlLimits.Default).MaxFileBytes;
        var contents = await tree.ReadBlobsAsync([.. definitions.Where(f => f.File.Size <= maxBytes).Select(f => f.File.BlobId).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        if (contents is null)
        {
            return null;
        }

        return LoadFiles(
            definitions.Select(f => new DefinitionFile(Display(prefix, f.Relative), f.File.Size, () => contents[f.File.BlobId])),
            source, limits, app => FolderProblem(app, path => tree.HasFolder(SafePaths.NormalizeRelative(path, "spec.path"))));
    }

    private static bool IsDefinitionFile(string name) => name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);

    private static string Display(string prefix, string relative) => prefix.Length == 0 ? relative : $"{prefix}/{relative}";

    /// <summary>One definition file: its display path, size, and how to read it.</summary>
    private sealed record DefinitionFile(string Display, long Size, Func<byte[]> Read);

    /// <summary>One app document as read: its name when it has one, the app when it parsed, and its own problems.</summary>
    private sealed record Declaration(string Name, string DefinedIn, AppDefinition? App, List<string> Problems);

    private static SourceApps LoadFiles(IEnumerable<DefinitionFile> files, string source, YamlLimits? limits, Func<AppDefinition, string?> folderProblem)
    {
        var problems = new List<string>();
        var declarations = new List<Declaration>();
        foreach (var file in files)
        {
            IReadOnlyList<YamlDocument> documents;
            if (file.Size > (limits ?? YamlLimits.Default).MaxFileBytes)
            {
                problems.Add($"{file.Display}: the file is larger than {(limits ?? YamlLimits.Default).MaxFileBytes} bytes");
                continue;
            }

            try
            {
                documents = YamlReader.Read(file.Read(), file.Display, limits, trackLines: true);
            }
            catch (YamlParseException ex)
            {
                problems.Add(ex.Message);
                continue;
            }

            foreach (var document in documents)
            {
                if (document.Content is null)
                {
                    continue;
                }

                var own = new List<string>();
                var app = Parse(document, source, own, out var name);
                if (name is null)
                {
                    // Nothing names the app, so no app can be blamed: the problem is the folder's.
                    problems.AddRange(own);
                }
                else
                {
                    declarations.Add(new Declaration(name, $"{document.File}:{document.Line}", app, own));
                }
            }
        }

        foreach (var group in declarations.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var duplicate = $"app '{group.Key}' is declared more than once: {string.Join(", ", group.Select(d => d.DefinedIn))}";
            foreach (var declaration in group)
            {
                declaration.Problems.Add(duplicate);
            }
        }

        var names = declarations.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var declaration in declarations.Where(d => d.App is not null))
        {
            CheckReferences(declaration.App!, names, declaration.Problems, folderProblem);
        }

        var invalid = declarations.Where(d => d.App is null || d.Problems.Count > 0)
            .GroupBy(d => d.Name, StringComparer.Ordinal)
            .Select(g => new InvalidApp(g.Key, g.First().DefinedIn, [.. g.SelectMany(d => d.Problems).Distinct(StringComparer.Ordinal)]))
            .ToList();
        return new SourceApps([.. declarations.Where(d => d.App is not null && d.Problems.Count == 0).Select(d => d.App!)], invalid, problems);
    }

    /// <summary>Parses one app document; adds problems and returns null when it is invalid.</summary>
    internal static AppDefinition? Parse(YamlDocument document, string source, List<string> problems) => Parse(document, source, problems, out _);

    /// <summary>As above; <paramref name="name"/> is the app's metadata.name whenever the document has one, valid or not.</summary>
    internal static AppDefinition? Parse(YamlDocument document, string source, List<string> problems, out string? name)
    {
        name = null;
        var before = problems.Count;
        var read = new AppDocumentReader(document, problems);
        if (document.Content is not JsonObject root)
        {
            read.Problem(document.Content, "(document)", "an app document must be a mapping");
            return null;
        }

        read.OnlyKnown(root, "", "apiVersion", "kind", "metadata", "spec");
        var apiVersion = read.String(root, "apiVersion", "apiVersion", required: true);
        if (apiVersion is not null && apiVersion != ApiVersion)
        {
            read.Problem(root["apiVersion"], "apiVersion", $"'{apiVersion}' is not supported (use {ApiVersion})");
        }

        var kind = read.String(root, "kind", "kind", required: true);
        if (kind is not null && kind != "App")
        {
            read.Problem(root["kind"], "kind", $"'{kind}' is not supported (use App)");
        }

        var metadata = read.Object(root, "metadata", "metadata", required: true);
        if (metadata is not null)
        {
            read.OnlyKnown(metadata, "metadata", "name", "labels", "annotations");
            name = read.String(metadata, "name", "metadata.name", required: true);
            if (name is { Length: > 0 } && !AppName().IsMatch(name))
            {
                read.Problem(metadata["name"], "metadata.name", $"'{name}' must be a DNS-1123 label: lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit");
            }
        }

        var spec = read.Object(root, "spec", "spec", required: true);
        if (spec is null || name is null)
        {
            return null;
        }

        read.OnlyKnown(spec, "spec", "path", "cluster", "namespace", "render", "prune", "selfHeal", "driftMode", "allowEmpty", "syncWave", "watchPaths", "dependsOn", "syncOptions", "ignore");
        var path = read.String(spec, "path", "spec.path", required: true);
        path = NormalizePath(read, spec["path"], "spec.path", path);
        var cluster = read.String(spec, "cluster", "spec.cluster", required: true);
        var ns = read.String(spec, "namespace", "spec.namespace");
        if (ns is not null && !AppName().IsMatch(ns))
        {
            read.Problem(spec["namespace"], "spec.namespace", $"'{ns}' is not a valid namespace name (DNS-1123 label)");
        }

        var driftText = read.String(spec, "driftMode", "spec.driftMode");
        var drift = DriftMode.Heal;
        if (driftText is not null && !Enum.TryParse(driftText, ignoreCase: true, out drift))
        {
            read.Problem(spec["driftMode"], "spec.driftMode", $"'{driftText}' must be heal or detect");
        }

        var watch = read.Strings(spec, "watchPaths", "spec.watchPaths").Select((p, i) => NormalizePath(read, spec["watchPaths"]?[i], $"spec.watchPaths[{i}]", p)).OfType<string>().ToList();
        var syncOptions = SyncOptions.Default;
        if (read.Object(spec, "syncOptions", "spec.syncOptions") is { } so)
        {
            read.OnlyKnown(so, "spec.syncOptions", "recreateOnImmutable");
            syncOptions = new SyncOptions { RecreateOnImmutable = read.Bool(so, "recreateOnImmutable", "spec.syncOptions.recreateOnImmutable") ?? false };
        }

        var app = new AppDefinition
        {
            Name = name,
            Source = source,
            Path = path ?? "",
            Cluster = cluster ?? "",
            Namespace = ns,
            Render = ParseRender(read, spec),
            Prune = read.Bool(spec, "prune", "spec.prune") ?? true,
            SelfHeal = read.Bool(spec, "selfHeal", "spec.selfHeal") ?? true,
            DriftMode = drift,
            AllowEmpty = read.Bool(spec, "allowEmpty", "spec.allowEmpty") ?? false,
            SyncWave = read.Int(spec, "syncWave", "spec.syncWave") ?? 0,
            WatchPaths = watch,
            DependsOn = read.Strings(spec, "dependsOn", "spec.dependsOn"),
            SyncOptions = syncOptions,
            Ignore = ParseIgnore(read, spec),
            DefinedIn = $"{document.File}:{document.Line}",
        };
        return problems.Count == before ? app : null;
    }

    private static string? NormalizePath(AppDocumentReader read, JsonNode? at, string field, string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return SafePaths.NormalizeRelative(path, field);
        }
        catch (UnsafePathException ex)
        {
            read.Problem(at, field, ex.Message);
            return null;
        }
    }

    private static RenderSpec ParseRender(AppDocumentReader read, JsonObject spec)
    {
        // The short form `render: kustomize` names the type alone (as the README shows).
        if (spec["render"] is JsonValue shortForm && shortForm.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            return new RenderSpec { Type = ParseRenderType(read, shortForm, "spec.render", read.String(spec, "render", "spec.render")) };
        }

        if (read.Object(spec, "render", "spec.render") is not { } render)
        {
            return RenderSpec.Auto;
        }

        read.OnlyKnown(render, "spec.render", "type", "allowRemoteBases", "helm");
        var type = ParseRenderType(read, render["type"], "spec.render.type", read.String(render, "type", "spec.render.type"));

        var helm = HelmSpec.Default;
        if (read.Object(render, "helm", "spec.render.helm") is { } h)
        {
            read.OnlyKnown(h, "spec.render.helm", "releaseName", "valuesFiles", "values", "allowLookup");
            var values = h["values"];
            if (values is not null and not JsonObject)
            {
                read.Problem(values, "spec.render.helm.values", "must be a mapping");
            }

            var files = read.Strings(h, "valuesFiles", "spec.render.helm.valuesFiles");
            helm = new HelmSpec
            {
                ReleaseName = read.String(h, "releaseName", "spec.render.helm.releaseName"),
                ValuesFiles = files.Select((f, i) => NormalizePath(read, h["valuesFiles"]?[i], $"spec.render.helm.valuesFiles[{i}]", f)).OfType<string>().ToList(),
                Values = values is JsonObject ? values.ToJsonString() : null,
                AllowLookup = read.Bool(h, "allowLookup", "spec.render.helm.allowLookup") ?? false,
            };
        }

        return new RenderSpec { Type = type, AllowRemoteBases = read.Bool(render, "allowRemoteBases", "spec.render.allowRemoteBases") ?? false, Helm = helm };
    }

    private static RenderType ParseRenderType(AppDocumentReader read, JsonNode? at, string field, string? text)
    {
        if (text is null)
        {
            return RenderType.Auto;
        }

        if (!Enum.TryParse<RenderType>(text, ignoreCase: true, out var type) || int.TryParse(text, out _))
        {
            read.Problem(at, field, $"'{text}' must be auto, plain, kustomize or helm");
        }

        return type;
    }

    private static List<IgnoreRule> ParseIgnore(AppDocumentReader read, JsonObject spec)
    {
        var rules = new List<IgnoreRule>();
        if (spec["ignore"] is null)
        {
            return rules;
        }

        if (spec["ignore"] is not JsonArray array)
        {
            read.Problem(spec["ignore"], "spec.ignore", "must be a list of rules");
            return rules;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var field = $"spec.ignore[{i}]";
            if (array[i] is not JsonObject rule)
            {
                read.Problem(array[i] ?? array, field, "must be a mapping");
                continue;
            }

            read.OnlyKnown(rule, field, "group", "kind", "namespace", "name", "jsonPointers", "managedFieldsManagers");
            var pointers = read.Strings(rule, "jsonPointers", field + ".jsonPointers");
            foreach (var pointer in pointers.Where(p => !p.StartsWith('/')))
            {
                read.Problem(rule["jsonPointers"], field + ".jsonPointers", $"'{pointer}' is not a JSON pointer (it must start with '/')");
            }

            var managers = read.Strings(rule, "managedFieldsManagers", field + ".managedFieldsManagers");
            if (pointers.Count == 0 && managers.Count == 0)
            {
                read.Problem(rule, field, "needs jsonPointers or managedFieldsManagers");
            }

            rules.Add(new IgnoreRule
            {
                Group = read.String(rule, "group", field + ".group"),
                Kind = read.String(rule, "kind", field + ".kind"),
                Namespace = read.String(rule, "namespace", field + ".namespace"),
                Name = read.String(rule, "name", field + ".name"),
                JsonPointers = pointers,
                ManagedFieldsManagers = managers,
            });
        }

        return rules;
    }

    /// <summary>The problem with the app's spec.path, or null; <paramref name="folderExists"/> resolves the path and may throw as SafePaths does.</summary>
    private static string? FolderProblem(AppDefinition app, Func<string, bool> folderExists)
    {
        try
        {
            return folderExists(app.Path) ? null : $"{app.DefinedIn}: spec.path: folder '{app.Path}' does not exist in the repository";
        }
        catch (UnsafePathException ex)
        {
            return $"{app.DefinedIn}: spec.path: {ex.Message}";
        }
        catch (IOException)
        {
            return $"{app.DefinedIn}: spec.path: folder '{app.Path}' does not exist in the repository";
        }
    }

    private static void CheckReferences(AppDefinition app, IReadOnlySet<string> declared, List<string> problems, Func<AppDefinition, string?> folderProblem)
    {
        if (folderProblem(app) is { } problem)
        {
            problems.Add(problem);
        }

        foreach (var dependency in app.DependsOn)
        {
            if (dependency == app.Name)
            {
                problems.Add($"{app.DefinedIn}: spec.dependsOn: app '{app.Name}' cannot depend on itself");
            }
            else if (!declared.Contains(dependency))
            {
                problems.Add($"{app.DefinedIn}: spec.dependsOn: app '{dependency}' is not declared in this source");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AppName();
}
