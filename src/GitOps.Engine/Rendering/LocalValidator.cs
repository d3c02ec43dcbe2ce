using GitOps.Engine.Apps;
using GitOps.Engine.Secrets;

namespace GitOps.Engine.Rendering;

/// <summary>`gitops validate &lt;path&gt;`: renders and validates locally with the same code as the sync, for pull-request CI.</summary>
/// <remarks>
/// When <c>path</c> holds an apps folder (<c>.gitops/</c>), every app definition is checked and every
/// app rendered; otherwise <c>path</c> is rendered as one app folder (auto-detected renderer).
/// Cluster allow-lists are host settings and are not checked here. SOPS files are decrypted with
/// <paramref name="keyrings"/>' keys, or, without keys, checked for structure: metadata, a MAC, and
/// every value the file's rules encrypt in ENC[…] form.
/// </remarks>
public sealed class LocalValidator(RenderOptions options, ISopsKeyrings? keyrings = null)
{
    /// <summary>Validates and writes one line per app or problem; returns 0 when everything is valid, 1 otherwise.</summary>
    public async Task<int> ValidateAsync(string path, TextWriter output, string? defaultNamespace = null, string appsPath = ".gitops", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(output);
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            await output.WriteLineAsync($"error: '{path}' is not a folder").ConfigureAwait(false);
            return 1;
        }

        IReadOnlyList<AppDefinition> apps;
        if (Directory.Exists(Path.Combine(root, appsPath)))
        {
            try
            {
                apps = AppDefinitionLoader.Load(root, "local", appsPath, options.Yaml);
            }
            catch (AppDefinitionException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    await output.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                }

                return 1;
            }

            if (apps.Count == 0)
            {
                await output.WriteLineAsync($"error: {appsPath}/ declares no apps").ConfigureAwait(false);
                return 1;
            }
        }
        else
        {
            apps = [new AppDefinition { Name = "local", Source = "local", Path = "", Cluster = "", Namespace = defaultNamespace }];
        }

        var renderer = new AppRenderer(options, keyrings: keyrings ?? EnvironmentSopsKeyrings.StructureOnly);
        var failed = 0;
        foreach (var app in apps)
        {
            try
            {
                var result = await renderer.RenderAsync(app, root, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"ok: app '{app.Name}' ({result.Renderer}, {(app.Path.Length == 0 ? "." : app.Path)}): {result.Objects.Count} objects").ConfigureAwait(false);
            }
            catch (RenderException ex)
            {
                failed++;
                await output.WriteLineAsync($"error: app '{app.Name}' ({(app.Path.Length == 0 ? "." : app.Path)}):").ConfigureAwait(false);
                foreach (var problem in ex.Problems)
                {
                    await output.WriteLineAsync($"  {problem}").ConfigureAwait(false);
                }
            }
        }

        await output.WriteLineAsync(failed == 0 ? $"{apps.Count} app(s) valid" : $"{failed} of {apps.Count} app(s) invalid").ConfigureAwait(false);
        return failed == 0 ? 0 : 1;
    }
}
