using System.CommandLine;
using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering;
using Microsoft.Extensions.Configuration;
using GitOps.Engine.Secrets;

namespace GitOps.Cli;

/// <summary>`gitops validate &lt;path&gt;`: renders and validates locally with the sync's own code (pull-request CI).</summary>
public sealed class ValidateVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var path = new Argument<string>("path") { Description = "A repository (with a .gitops/ folder) or one app folder." };
        var ns = new Option<string?>("--namespace") { Description = "Default namespace when path is a single app folder." };
        var appsPath = new Option<string>("--apps-path") { Description = "The apps folder inside path (default .gitops).", DefaultValueFactory = _ => ".gitops" };
        var helm = new Option<string>("--helm") { Description = "helm executable (default: helm on PATH).", DefaultValueFactory = _ => "helm" };
        var output = new Option<OutputFormat>("--output", "-o") { Description = "Output format: table (default, one line per app or problem) or json.", DefaultValueFactory = _ => OutputFormat.Table };
        var kubectl = new Option<string>("--kubectl") { Description = "kubectl executable, for kustomize (default: kubectl on PATH).", DefaultValueFactory = _ => "kubectl" };
        var cluster = new Option<string?>("--cluster") { Description = "The cluster a single app folder deploys to; its allow-lists in the settings (GitOps:Clusters) are checked." };
        var command = new Command("validate", """
            Check app definitions and render every app exactly as a sync would, without touching a cluster or storage.
            An app whose cluster the settings name (GitOps:Clusters, from the environment or local.settings.json) is
            checked against that cluster's allowed namespaces and cluster-scoped kinds, as the sync checks it.

            Examples:
              gitops validate .
              gitops validate demo/apps/guestbook --namespace guestbook
              gitops validate apps/shop --namespace shop --cluster prod
              SOPS_AGE_KEY_FILE=keys.txt gitops validate .

            SOPS-encrypted files are checked for structure and a MAC without a key; with age identities in
            SOPS_AGE_KEY or SOPS_AGE_KEY_FILE (as sops reads them) they are decrypted and their MAC verified.

            Exit codes: 0 everything valid, 1 a definition or a render is invalid, 2 usage error.
            """)
        {
            path, ns, appsPath, helm, kubectl, output, cluster,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            EnvironmentSopsKeyrings keyrings;
            try
            {
                keyrings = EnvironmentSopsKeyrings.FromEnvironment();
            }
            catch (FormatException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrConfiguration;
            }

            var settings = CliSettings.Build().GetSection(GitOpsOptions.SectionName).Get<GitOpsOptions>() ?? new GitOpsOptions();
            var validator = new LocalValidator(RenderOptions.Default with { Helm = parseResult.GetValue(helm)!, Kubectl = parseResult.GetValue(kubectl)! }, settings, keyrings);
            var json = parseResult.GetValue(output) == OutputFormat.Json;
            using var lines = new StringWriter();
            var code = await validator.ValidateAsync(parseResult.GetValue(path)!, json ? lines : parseResult.InvocationConfiguration.Output,
                parseResult.GetValue(ns), parseResult.GetValue(appsPath)!, parseResult.GetValue(cluster), cancellationToken);
            if (json)
            {
                var result = new ValidationView(code == 0, lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                await new CliOutput(parseResult.InvocationConfiguration.Output, OutputFormat.Json).WriteJsonAsync(result, CliJsonContext.Default.ValidationView);
            }

            return code == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}

/// <summary>`gitops validate --output json`: whether everything is valid, and the validator's lines.</summary>
public sealed record ValidationView(bool Valid, IReadOnlyList<string> Messages);
