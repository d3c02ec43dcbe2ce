using GitOps.Functions.Cli;

namespace GitOps.Functions;

/// <summary>Entry point of the `gitops` executable.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen verb; see <see cref="ExitCodes"/> for the results.</summary>
    public static Task<int> Main(string[] args) => CommandLine.RunAsync(args, Console.Out, Console.Error);
}
