using System.CommandLine;
using GitOps.Functions.Catalog;

namespace GitOps.Functions.Cli;

/// <summary>`gitops functions-layout DIR` (hidden, run after publish): writes DIR/&lt;function&gt;/function.json from the catalog.</summary>
public sealed class FunctionsLayoutVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The published Function App folder." };
        var command = new Command("functions-layout", "Write one folder per function with its function.json (used by dotnet publish).")
        {
            directory,
        };
        command.Hidden = true;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(directory)!;
            if (!target.Exists)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"gitops functions-layout: directory '{target.FullName}' does not exist.");
                return ExitCodes.UsageOrConfiguration;
            }

            foreach (var written in FunctionAppLayout.Write(target.FullName, FunctionAppLayout.LoadCatalog()))
            {
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(written);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
