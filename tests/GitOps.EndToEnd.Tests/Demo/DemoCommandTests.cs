using System.Diagnostics;
using GitOps.Testing;

namespace GitOps.EndToEnd.Tests.Demo;

/// <summary>The README's run command, in its non-interactive form, as a new user would run it.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_NonInteractive_EveryStepSucceedsAndOutputShowsIt()
    {
        var work = Path.Combine(Path.GetTempPath(), "gitops-demo-test-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "gitops.dll"), "demo", "--non-interactive", "--work-dir", work, "--azurite", ToolPaths.Azurite])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{await stderr}");
        Assert.Contains("Kubernetes cluster: SIMULATED", output, StringComparison.Ordinal);
        Assert.Matches(@"signed GitHub push webhook for [0-9a-f]{12} -> HTTP 202", output);
        Assert.Contains("ConfigMap/demo/web-config: live, managed by gitops-functions", output, StringComparison.Ordinal);
        Assert.Contains("drift: ConfigMap/demo/web-config modified: data.GREETING changed", output, StringComparison.Ordinal);
        Assert.Contains("healed: GREETING=\"hello from git\"", output, StringComparison.Ordinal);
        Assert.Contains("1 pruned", output, StringComparison.Ordinal);
        Assert.Contains("Service/demo/web: pruned", output, StringComparison.Ordinal);
        Assert.Contains("Demo finished: every step succeeded.", output, StringComparison.Ordinal);
        Assert.Contains("metrics: gitops_syncs_total{", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(work, "simulator.kubeconfig")));
        Directory.Delete(work, recursive: true);
    }
}
