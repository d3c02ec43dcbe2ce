using System.Text;
using GitOps.Engine.Apps;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Processes;
using GitOps.Engine.Rendering.Safety;
using GitOps.Engine.Secrets;

namespace GitOps.Engine.Rendering.Helm;

/// <summary>Renders a chart folder with `helm template`: values files from the repository, no post-renderer, isolated Helm homes, offline.</summary>
public static class HelmRenderer
{
    /// <summary>Inspects the chart, runs `helm template`, and parses its output (documents are named by their "# Source:" template).</summary>
    /// <param name="valuesKeyring">Opens SOPS-encrypted values files; null checks their structure only.</param>
    public static async Task<IReadOnlyList<YamlDocument>> RenderAsync(AppDefinition app, string chartFolder, string displayPath, RenderOptions options, SopsKeyring? valuesKeyring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var helm = app.Render.Helm;
        HelmChartInspector.Inspect(chartFolder, displayPath, helm.AllowLookup, options);
        var home = Directory.CreateTempSubdirectory("gitops-helm-");
        try
        {
            var arguments = new List<string>
            {
                "template", helm.ReleaseName ?? app.Name, chartFolder,
                "--include-crds", "--skip-tests",
            };
            if (app.Namespace is not null)
            {
                arguments.AddRange(["--namespace", app.Namespace]);
            }

            var valuesFiles = new List<string>();
            foreach (var file in helm.ValuesFiles)
            {
                string path;
                try
                {
                    path = SafePaths.ResolveInside(chartFolder, file, "values file");
                }
                catch (UnsafePathException ex)
                {
                    throw new RenderException($"chart '{displayPath}': {ex.Message}", ex);
                }

                if (!File.Exists(path))
                {
                    throw new RenderException($"chart '{displayPath}': values file '{file}' does not exist");
                }

                valuesFiles.Add(path);
            }

            // Decrypted values never touch the disk: with a SOPS values file, helm reads all values merged from stdin.
            var merged = await HelmValues.MergeIfEncryptedAsync(valuesFiles, helm.Values, chartFolder, displayPath, options.Yaml, valuesKeyring, cancellationToken).ConfigureAwait(false);
            if (merged is not null)
            {
                arguments.AddRange(["-f", "-"]);
            }
            else
            {
                foreach (var path in valuesFiles)
                {
                    arguments.AddRange(["-f", path]);
                }

                if (helm.Values is not null)
                {
                    var inline = Path.Combine(home.FullName, "inline-values.json");
                    await File.WriteAllTextAsync(inline, helm.Values, cancellationToken).ConfigureAwait(false);
                    arguments.AddRange(["-f", inline]);
                }
            }

            ToolResult result;
            try
            {
                result = await ToolRunner.RunAsync(
                    new ToolInvocation(options.Helm, arguments)
                    {
                        DisplayName = $"helm template {displayPath}",
                        StandardInput = merged,
                        Timeout = options.Timeout,
                        MaxOutputBytes = options.MaxOutputBytes,
                        Environment = new Dictionary<string, string?>
                        {
                            ["HOME"] = home.FullName,
                            ["HELM_CACHE_HOME"] = Path.Combine(home.FullName, "cache"),
                            ["HELM_CONFIG_HOME"] = Path.Combine(home.FullName, "config"),
                            ["HELM_DATA_HOME"] = Path.Combine(home.FullName, "data"),
                            ["HELM_PLUGINS"] = Path.Combine(home.FullName, "plugins"),
                            ["KUBECONFIG"] = Path.Combine(home.FullName, "no-kubeconfig"),
                            ["HELM_KUBECONTEXT"] = null,
                            ["HELM_NAMESPACE"] = null,
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ToolRunException ex)
            {
                throw new RenderException($"helm for '{displayPath}': {ex.Message}", ex);
            }

            if (result.ExitCode != 0)
            {
                throw new RenderException($"helm template failed for chart '{displayPath}': {Kustomize.KustomizeRenderer.Trim(result.StandardError, chartFolder, displayPath)}");
            }

            return ParseOutput(result.StandardOutput, displayPath, options.Yaml);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>Splits helm's output at document markers and names each document by its "# Source:" comment.</summary>
    internal static IReadOnlyList<YamlDocument> ParseOutput(string output, string displayPath, YamlLimits limits)
    {
        var documents = new List<YamlDocument>();
        var chunk = new StringBuilder();
        string? source = null;
        using var reader = new StringReader(output);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                if (line == "---" || line.StartsWith("--- ", StringComparison.Ordinal))
                {
                    Flush();
                    continue;
                }

                if (source is null && line.StartsWith("# Source: ", StringComparison.Ordinal))
                {
                    source = line["# Source: ".Length..].Trim();
                }

                chunk.Append(line).Append('\n');
            }

            Flush();
        }
        catch (YamlParseException ex)
        {
            throw new RenderException(ex.Message, ex);
        }

        return documents;

        void Flush()
        {
            if (chunk.Length > 0)
            {
                var name = source is null ? $"helm output of {displayPath}" : $"{displayPath} (template {source})";
                documents.AddRange(YamlReader.Read(chunk.ToString(), name, limits));
            }

            chunk.Clear();
            source = null;
        }
    }
}
