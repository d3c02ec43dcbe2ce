using GitOps.Testing;
using GitOps.Testing.Azurite;

namespace GitOps.Cli.Tests.Shutdown;

/// <summary>Ctrl+C (SIGINT) and SIGTERM stop `gitops serve`, the interactive demo and `gitops simulator` within 10 s, leaving no child process.</summary>
public sealed class SignalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Signals => new() { "INT", "TERM" };

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Serve_Signal_ExitsWithinTenSecondsLeavingNoChild(string signal)
    {
        await using var serve = GitopsProcess.Start(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitOps__Serve__HostId"] = "signals-" + signal.ToLowerInvariant(),
        }, "serve", "--port", "0");
        await WaitForAsync(serve, "gitops serve: listening on");

        await StopAndCheckAsync(serve, signal);
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Simulator_Signal_ExitsWithinTenSecondsLeavingNoChild(string signal)
    {
        await using var simulator = GitopsProcess.Start(new Dictionary<string, string?>(), "simulator", "--port", "0");
        await WaitForAsync(simulator, "kubesim listening on");

        await StopAndCheckAsync(simulator, signal);
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task InteractiveDemo_Signal_ExitsWithinTenSecondsStoppingAzuriteAndEverythingElse(string signal)
    {
        var work = Path.Combine(Path.GetTempPath(), "gitops-demo-signal-" + Guid.NewGuid().ToString("N")[..8]);
        await using var demo = GitopsProcess.Start(new Dictionary<string, string?>(), "demo", "--work-dir", work, "--azurite", ToolPaths.Azurite);
        await WaitForAsync(demo, "press Ctrl+C to stop everything", TimeSpan.FromMinutes(8));
        Assert.NotEmpty(demo.Descendants()); // Azurite runs as the demo's child

        await StopAndCheckAsync(demo, signal);
        Directory.Delete(work, recursive: true);
    }

    private static async Task WaitForAsync(GitopsProcess process, string line, TimeSpan? timeout = null) =>
        await Eventually.TrueAsync(() => process.HasExited
            ? throw new InvalidOperationException($"exited before printing '{line}':\n{process.Output}")
            : Task.FromResult(process.Output.Contains(line, StringComparison.Ordinal)), $"'{line}'", timeout ?? TimeSpan.FromMinutes(2));

    private static async Task StopAndCheckAsync(GitopsProcess process, string signal)
    {
        var children = process.Descendants();

        process.Signal(signal);
        var exited = await process.WaitForExitAsync(StopWithin);

        Assert.True(exited, $"still running {StopWithin.TotalSeconds} s after SIG{signal}:\n{process.Output}");
        var left = children.Where(GitopsProcess.IsAlive).ToList();
        Assert.True(left.Count == 0, $"child processes left after SIG{signal}: {string.Join(", ", left)}");
    }
}
