using System.CommandLine;

namespace GitOps.Cli;

/// <summary>Builds the root command from every <see cref="ICliVerb"/> and runs it.</summary>
public static class CommandLine
{
    /// <summary>Builds the root command with all verbs.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("GitOps Functions: a serverless GitOps engine for Kubernetes on Azure Functions.");
        var verbs = typeof(CommandLine).Assembly.GetTypes()
            .Where(t => typeof(ICliVerb).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICliVerb)Activator.CreateInstance(t)!)
            .Select(v => v.Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var command in verbs)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and invokes; parse errors print the errors and return <see cref="ExitCodes.UsageOrConfiguration"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, settings: null, cancellationToken);

    /// <summary>Like <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>, with settings that override the environment and local.settings.json (tests, embedding).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        CliSettings.SetOverrides(settings);
        var parseResult = BuildRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'gitops --help' for usage.");
            return ExitCodes.UsageOrConfiguration;
        }

        // Unhandled exceptions in a verb are printed by the default handler and exit with ExitCodes.Failure (1). Signals are
        // Program's: it cancels the token and lets each verb stop what it started, however long that takes.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
