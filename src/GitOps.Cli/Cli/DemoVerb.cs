using System.CommandLine;
using GitOps.Cli.Demo;

namespace GitOps.Cli;

/// <summary>`gitops demo`: the whole product on this machine — Azurite, the engine, a Git repository and a SIMULATED cluster.</summary>
public sealed class DemoVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var nonInteractive = new Option<bool>("--non-interactive") { Description = "Run the steps and exit (0 when every step succeeded) instead of keeping the stack up until Ctrl+C." };
        var workDir = new Option<string?>("--work-dir") { Description = "Folder for the demo's repositories and kubeconfig (default: a new temporary folder)." };
        var azurite = new Option<string?>("--azurite") { Description = "Path of the azurite launcher (default: tools/node_modules/.bin/azurite above this program, as scripts/install-tools.sh installs it)." };
        var timeout = new Option<int>("--step-timeout") { Description = "Seconds to wait for each sync job.", DefaultValueFactory = _ => 180 };
        var command = new Command("demo", "Run the local demo: a push becomes a running deployment on a SIMULATED cluster, drift is found and healed, a removed file is pruned.")
        {
            nonInteractive, workDir, azurite, timeout,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var launcher = parseResult.GetValue(azurite) ?? FindAzurite();
            if (launcher is null || !File.Exists(launcher))
            {
                await error.WriteLineAsync("gitops demo: Azurite is not installed: run scripts/install-tools.sh (or pass --azurite PATH).");
                return ExitCodes.UsageOrConfiguration;
            }

            var folder = parseResult.GetValue(workDir) ?? Path.Combine(Path.GetTempPath(), "gitops-demo-" + Guid.NewGuid().ToString("N")[..8]);
            var runner = new DemoRunner(parseResult.InvocationConfiguration.Output, launcher, folder, TimeSpan.FromSeconds(parseResult.GetValue(timeout)));
            return await runner.RunAsync(!parseResult.GetValue(nonInteractive), cancellationToken);
        });
        return command;
    }

    private static string? FindAzurite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
