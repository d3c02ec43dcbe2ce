using GitOps.Cli;

namespace GitOps.Cli.Tests.Cli;

/// <summary>Runs `gitops` in-process with injected settings and captures its output.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error, settings);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(string connectionString, params string[] args) =>
        RunAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }, args);
}

/// <summary>A finished CLI run.</summary>
internal sealed record CliResult(int Exit, string Output, string Error);
