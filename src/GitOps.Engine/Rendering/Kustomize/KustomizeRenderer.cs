using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Processes;

namespace GitOps.Engine.Rendering.Kustomize;

/// <summary>Renders a kustomization with kubectl's built-in kustomize: load restrictor on (the default), no alpha/exec plugins, no Helm.</summary>
public static class KustomizeRenderer
{
    /// <summary>Inspects the kustomization tree, runs `kubectl kustomize`, and parses its output.</summary>
    public static async Task<IReadOnlyList<YamlDocument>> RenderAsync(string appFolder, string checkoutRoot, string displayPath, bool allowRemote, RenderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        KustomizationInspector.Inspect(appFolder, checkoutRoot, allowRemote, options);
        var home = Directory.CreateTempSubdirectory("gitops-kustomize-");
        try
        {
            ToolResult result;
            try
            {
                // No --enable-alpha-plugins, --enable-exec or --enable-helm; LoadRestrictionsRootOnly is kustomize's default.
                result = await ToolRunner.RunAsync(
                    new ToolInvocation(options.Kubectl, ["kustomize", appFolder, "--load-restrictor=LoadRestrictionsRootOnly"])
                    {
                        DisplayName = $"kubectl kustomize {displayPath}",
                        Timeout = options.Timeout,
                        MaxOutputBytes = options.MaxOutputBytes,
                        Environment = new Dictionary<string, string?>
                        {
                            ["HOME"] = home.FullName,
                            ["KUBECONFIG"] = Path.Combine(home.FullName, "none"),
                            ["XDG_CONFIG_HOME"] = home.FullName,
                            ["KUSTOMIZE_PLUGIN_HOME"] = Path.Combine(home.FullName, "plugins"),
                            ["GIT_TERMINAL_PROMPT"] = "0",
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ToolRunException ex)
            {
                throw new RenderException($"kustomize for '{displayPath}': {ex.Message}", ex);
            }

            if (result.ExitCode != 0)
            {
                throw new RenderException($"kustomize failed for '{displayPath}': {Trim(result.StandardError, appFolder, displayPath)}");
            }

            try
            {
                return YamlReader.Read(result.StandardOutput, $"kustomize output of {displayPath}", options.Yaml);
            }
            catch (YamlParseException ex)
            {
                throw new RenderException(ex.Message, ex);
            }
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    internal static string Trim(string stderr, string localPath, string displayPath)
    {
        var text = stderr.Replace(localPath, displayPath, StringComparison.Ordinal).Trim();
        return text.Length <= 2000 ? text : text[..2000] + "…";
    }
}
