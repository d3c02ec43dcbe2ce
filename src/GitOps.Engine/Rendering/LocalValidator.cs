using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Secrets;

namespace GitOps.Engine.Rendering;

/// <summary>`gitops validate &lt;path&gt;`: renders and validates locally with the same code as the sync, for pull-request CI.</summary>
/// <remarks>
/// When <c>path</c> holds an apps folder (<c>.gitops/</c>), every app definition is checked and every
/// app rendered; otherwise <c>path</c> is rendered as one app folder (auto-detected renderer).
/// An app whose cluster the host settings name is checked against that cluster's allow-lists (namespaces,
/// cluster-scoped kinds) exactly as the sync checks it; which sources a cluster allows is not checked, because
/// a local folder is no configured source. SOPS files are decrypted with <paramref name="keyrings"/>' keys, or,
/// without keys, checked for structure: metadata, a MAC, and every value the file's rules encrypt in ENC[…] form.
/// </remarks>
/// <param name="options">Tool paths, timeouts and bounds.</param>
/// <param name="host">The host settings whose clusters' allow-lists apply; null checks no cluster.</param>
/// <param name="keyrings">Decryption keys; null checks SOPS files for structure only.</param>
public sealed class LocalValidator(RenderOptions options, GitOpsOptions? host = null, ISopsKeyrings? keyrings = null)
{
    /// <summary>Validates and writes one line per app or problem; returns 0 when everything is valid, 1 otherwise.</summary>
    /// <param name="cluster">The cluster of a single app folder (ignored with an apps folder, whose apps name theirs).</param>
    public async Task<int> ValidateAsync(string path, TextWriter output, string? defaultNamespace = null, string appsPath = ".gitops", string? cluster = null, CancellationToken cancellationToken = default)
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
            apps = [new AppDefinition { Name = "local", Source = "local", Path = "", Cluster = cluster ?? "", Namespace = defaultNamespace }];
        }

        var sops = keyrings ?? EnvironmentSopsKeyrings.StructureOnly;
        var renderer = new AppRenderer(options, keyrings: sops);
        var clusters = ClusterChecks(host);
        var checking = new AppRenderer(options, clusters, keyrings: sops);
        var failed = 0;
        foreach (var app in apps)
        {
            try
            {
                var known = clusters.Clusters.ContainsKey(app.Cluster);
                var result = await (known ? checking : renderer).RenderAsync(app, root, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"ok: app '{app.Name}' ({result.Renderer}, {(app.Path.Length == 0 ? "." : app.Path)}): {result.Objects.Count} objects"
                    + (known ? $", allowed on cluster '{app.Cluster}'" : "")).ConfigureAwait(false);
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

    // The settings' clusters with what a sync checks of the manifests: allowed namespaces and cluster-scoped kinds.
    private static GitOpsOptions ClusterChecks(GitOpsOptions? host)
    {
        var checks = new GitOpsOptions();
        foreach (var (name, cluster) in host?.Clusters ?? [])
        {
            checks.Clusters[name] = new ClusterOptions { AllowedNamespaces = cluster.AllowedNamespaces, AllowClusterScoped = cluster.AllowClusterScoped };
        }

        return checks;
    }
}
