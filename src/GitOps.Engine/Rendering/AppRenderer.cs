using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Helm;
using GitOps.Engine.Rendering.Kustomize;
using GitOps.Engine.Rendering.Plain;
using GitOps.Engine.Rendering.Safety;
using GitOps.Engine.Rendering.Validation;
using GitOps.Engine.Secrets;
using GitOps.Engine.Sources;
using GitOps.Kubernetes;

namespace GitOps.Engine.Rendering;

/// <summary>The renderer the sync uses: picks plain, Kustomize or Helm for the app folder, then validates against the app's and cluster's policy.</summary>
/// <param name="options">Tool paths, timeouts and bounds.</param>
/// <param name="host">Host settings for cluster allow-lists; null skips cluster checks (local validation).</param>
/// <param name="discovery">Per cluster name, a scope lookup from discovery (true = namespaced); null uses the built-in table.</param>
/// <param name="keyrings">SOPS keys per source; null uses the age keys in <paramref name="host"/>'s source settings (no Key Vault), or none.</param>
public sealed class AppRenderer(RenderOptions options, GitOpsOptions? host = null, Func<string, Func<GroupVersionKind, bool?>?>? discovery = null, ISopsKeyrings? keyrings = null) : IAppRenderer
{
    private readonly ISopsKeyrings? _keyrings = keyrings ?? (host is null ? null : new SourceSopsKeyrings(host, unwrapper: null));

    // Plain apps re-parse only the files that changed since an earlier render in this process.
    private readonly ParsedManifestCache parsed = new();

    /// <summary>Files of plain apps parsed so far (not served from the cache).</summary>
    public long PlainFilesParsed => parsed.Parses;

    /// <inheritdoc />
    public async Task<RenderResult> RenderAsync(AppDefinition app, string checkoutDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (host is not null && AppPolicy.Check(app, host) is { Count: > 0 } denied)
        {
            throw new RenderException(denied);
        }

        var keyring = Keyring(app);
        var (documents, renderer) = await RenderDocumentsAsync(app, checkoutDirectory, options, keyring, cancellationToken, parsed).ConfigureAwait(false);
        var sources = renderer == "plain" ? null : new SopsSourceFiles(
            [Path.Combine(checkoutDirectory, app.Path), checkoutDirectory], options.Walk, options.Yaml);
        return Validate(app, await SopsDocuments.DecryptAsync(documents, keyring, cancellationToken, sources).ConfigureAwait(false), renderer);
    }

    /// <inheritdoc />
    public async Task<RenderResult?> TryRenderAsync(AppDefinition app, SourceTree tree, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(tree);
        if (host is not null && AppPolicy.Check(app, host) is { Count: > 0 } denied)
        {
            throw new RenderException(denied);
        }

        string folder;
        try
        {
            folder = SafePaths.NormalizeRelative(app.Path, "app path");
        }
        catch (UnsafePathException)
        {
            return null; // The checkout path reports it.
        }

        var prefix = folder.Length == 0 ? "" : folder + "/";
        var type = app.Render.Type == RenderType.Auto ? Detect(name => tree.Files.Any(f => f.Path == prefix + name)) : app.Render.Type;
        if (type != RenderType.Plain)
        {
            return null;
        }

        var display = app.Path.Length == 0 ? "." : app.Path;
        IReadOnlyList<YamlDocument>? documents;
        try
        {
            documents = await PlainRenderer.TryRenderAsync(tree, app.Path, options, parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (YamlParseException ex)
        {
            throw new RenderException(app.Path.Length == 0 ? ex.Message : $"{display}/{ex.Message}", ex);
        }

        return documents is null ? null : Validate(app, await SopsDocuments.DecryptAsync(Prefix(documents, display), Keyring(app), cancellationToken).ConfigureAwait(false), "plain");
    }

    // Without keyrings an encrypted file fails closed, naming the setting that would hold its key.
    private SopsKeyring? Keyring(AppDefinition app) =>
        _keyrings is null ? SopsKeyring.Empty($"GitOps__Sources__{app.Source}__Decryption") : _keyrings.For(app.Source);

    private RenderResult Validate(AppDefinition app, IReadOnlyList<YamlDocument> documents, string renderer)
    {
        var objects = ManifestValidator.Validate(documents, AppPolicy.For(app, host, discovery?.Invoke(app.Cluster)));
        if (objects.Count == 0 && !app.AllowEmpty)
        {
            throw new RenderException($"app '{app.Name}': '{app.Path}' rendered no objects; set spec.allowEmpty: true if that is intended (an empty render never prunes otherwise)");
        }

        return new RenderResult(objects, renderer);
    }

    /// <summary>The renderer auto mode picks for a folder: kustomize, helm or plain.</summary>
    public static RenderType Detect(string folder) => Detect(name => File.Exists(Path.Combine(folder, name)));

    /// <summary>The renderer auto mode picks for a folder that holds a file named as given when <paramref name="holds"/> says so.</summary>
    private static RenderType Detect(Func<string, bool> holds) =>
        KustomizationInspector.FileNames.Any(holds) ? RenderType.Kustomize
        : holds("Chart.yaml") ? RenderType.Helm
        : RenderType.Plain;

    /// <summary>Renders the app folder to parsed documents without validation or decryption; returns them with the renderer's name.</summary>
    /// <param name="valuesKeyring">Opens SOPS-encrypted Helm values files; null checks their structure only.</param>
    public static async Task<(IReadOnlyList<YamlDocument> Documents, string Renderer)> RenderDocumentsAsync(
        AppDefinition app, string checkoutDirectory, RenderOptions options, SopsKeyring? valuesKeyring, CancellationToken cancellationToken, ParsedManifestCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        string folder;
        try
        {
            folder = SafePaths.ResolveInside(checkoutDirectory, app.Path, "app path");
        }
        catch (UnsafePathException ex)
        {
            throw new RenderException($"app '{app.Name}': {ex.Message}", ex);
        }

        if (!Directory.Exists(folder))
        {
            throw new RenderException($"app '{app.Name}': folder '{app.Path}' does not exist at this commit");
        }

        var display = app.Path.Length == 0 ? "." : app.Path;
        var type = app.Render.Type == RenderType.Auto ? Detect(folder) : app.Render.Type;
        try
        {
            return type switch
            {
                RenderType.Kustomize => (await KustomizeRenderer.RenderAsync(folder, checkoutDirectory, display, app.Render.AllowRemoteBases, options, cancellationToken).ConfigureAwait(false), "kustomize"),
                RenderType.Helm => (await HelmRenderer.RenderAsync(app, folder, display, options, valuesKeyring, cancellationToken).ConfigureAwait(false), "helm"),
                _ => (Prefix(PlainRenderer.Render(folder, options, cancellationToken, cache), display), "plain"),
            };
        }
        catch (UnsafePathException ex)
        {
            throw new RenderException($"{display}: {ex.Message}", ex);
        }
        catch (YamlParseException ex)
        {
            throw new RenderException(app.Path.Length == 0 || type != RenderType.Plain ? ex.Message : $"{display}/{ex.Message}", ex);
        }
    }

    private static IReadOnlyList<YamlDocument> Prefix(IReadOnlyList<YamlDocument> documents, string display) =>
        display == "." ? documents : documents.Select(d => d with { File = $"{display}/{d.File}" }).ToList();
}
