using System.CommandLine;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Cli;

/// <summary>`gitops apps [--source s]`: the app definitions each configured source declares at its branch head.</summary>
public sealed class AppsVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var common = new CommonOptions();
        var source = new Option<string?>("--source") { Description = "Only this source (default: every source in GitOps:Sources)." };
        var command = new Command("apps", """
            List the apps declared in each source's apps folder at its branch head (GitOps:Sources).

            Examples:
              gitops apps
              gitops apps --source platform --output json

            Exit codes: 0 ok, 1 a source could not be read or declares invalid apps, 2 configuration error, 3 unknown source.
            """)
        {
            source,
        };
        common.AddTo(command);
        command.SetAction(CliAction.For("apps", common, async (context, parseResult, cancellationToken) =>
        {
            var options = context.GitOps();
            var only = parseResult.GetValue(source);
            if (only is not null && !options.Sources.ContainsKey(only))
            {
                throw new CliException(ExitCodes.NotFound, $"source '{only}' not found; configured sources: {(options.Sources.Count == 0 ? "(none)" : string.Join(", ", options.Sources.Keys.Order(StringComparer.Ordinal)))}");
            }

            if (options.Sources.Count == 0)
            {
                throw new CliException(ExitCodes.UsageOrConfiguration, "configuration error: no sources configured (GitOps:Sources)");
            }

            using var fetcher = new GitSourceFetcher(options, context.GitFetcher(), NullLogger<GitSourceFetcher>.Instance);
            var catalog = new GitAppCatalog(fetcher, options);
            var apps = new List<AppView>();
            var problems = new List<string>();
            foreach (var name in options.Sources.Keys.Where(s => only is null || string.Equals(s, only, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            {
                try
                {
                    var declared = await catalog.GetAppsAsync(name, cancellationToken: cancellationToken);
                    apps.AddRange(declared.Apps.Select(AppView.From));
                    problems.AddRange(declared.AllProblems.Select(p => $"source '{name}': {p}"));
                }
                catch (Exception ex) when (ex is SourceException or AppDefinitionException)
                {
                    throw new CliException(ExitCodes.Failure, ex.Message.Contains($"'{name}'", StringComparison.Ordinal) ? ex.Message : $"source '{name}': {ex.Message}", ex);
                }
            }

            if (context.Output.Format == OutputFormat.Json)
            {
                await context.Output.WriteJsonAsync<IReadOnlyList<AppView>>(apps, CliJsonContext.Default.IReadOnlyListAppView);
            }
            else
            {
                await context.Output.WriteTableAsync(null, ["SOURCE", "APP", "PATH", "CLUSTER", "NAMESPACE", "RENDER", "PRUNE", "SELFHEAL", "DRIFT"],
                    apps.Select(a => (IReadOnlyList<string?>)[a.Source, a.Name, a.Path, a.Cluster, a.Namespace, a.Render, Yes(a.Prune), Yes(a.SelfHeal), a.DriftMode]));
            }

            // The valid apps are listed all the same; the invalid ones cannot sync until fixed.
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync($"error: {problem}");
            }

            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static string Yes(bool value) => value ? "yes" : "no";
}

/// <summary>One app definition as `gitops apps` shows it.</summary>
public sealed record AppView(string Source, string Name, string Path, string Cluster, string? Namespace, string Render, bool Prune, bool SelfHeal, string DriftMode)
{
    /// <summary>The view of a definition.</summary>
    public static AppView From(AppDefinition app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new(app.Source, app.Name, app.Path.Length == 0 ? "." : app.Path, app.Cluster, app.Namespace, app.Render.Type.ToString(), app.Prune, app.SelfHeal, app.DriftMode.ToString());
    }
}
