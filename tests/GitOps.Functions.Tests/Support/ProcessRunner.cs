using System.Diagnostics;
using GitOps.Testing.Git;

namespace GitOps.Functions.Tests.Support;

/// <summary>Runs the built `gitops` executable (gitops.dll next to the tests) as a child process.</summary>
internal static class ProcessRunner
{
    public static string GitopsDll => Path.Combine(AppContext.BaseDirectory, "gitops.dll");

    public static async Task<(int ExitCode, string Output, string Error)> RunGitopsAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(GitopsDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var workingDirectory = new TempFolder();
        start.WorkingDirectory = workingDirectory.Path;
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
