using GitOps.Engine.Rendering.Processes;

namespace GitOps.Engine.Tests.Rendering;

public sealed class ToolRunnerTests
{
    [Fact]
    public async Task RunAsync_ProcessTreeOutlivesTimeout_IsKilledAndReported()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), "gitops-runner-" + Guid.NewGuid().ToString("N"));
        var invocation = new ToolInvocation("/bin/sh", ["-c", $"sleep 60 & echo $! > '{pidFile}'; wait"])
        {
            DisplayName = "slow tool",
            Timeout = TimeSpan.FromSeconds(5),
        };

        var ex = await Assert.ThrowsAsync<ToolRunException>(() => ToolRunner.RunAsync(invocation));

        Assert.Equal(ToolFailure.TimedOut, ex.Failure);
        Assert.Equal("slow tool did not finish within 5 s and was stopped", ex.Message);
        var child = File.ReadAllText(pidFile).Trim();
        File.Delete(pidFile);
        Assert.True(await GoneAsync(child), $"child process {child} survived the timeout");
    }

    [Fact]
    public async Task RunAsync_StandardInputLargerThanAPipe_IsWrittenWhileTheOutputIsRead()
    {
        // 4 MiB through `cat`: written all at once before reading, it would fill both pipes and hang.
        var input = string.Concat(Enumerable.Repeat("0123456789abcdef", 256 * 1024));

        var result = await ToolRunner.RunAsync(new ToolInvocation("cat", []) { StandardInput = input, Timeout = TimeSpan.FromMinutes(1) });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_ProcessExitsWithoutReadingInput_ReportsItsExitCode()
    {
        var result = await ToolRunner.RunAsync(new ToolInvocation("/bin/sh", ["-c", "exit 3"]) { StandardInput = new string('x', 1024 * 1024) });

        Assert.Equal(3, result.ExitCode);
    }

    // The kill is delivered at once but the kernel reaps asynchronously: poll the condition, bounded.
    private static async Task<bool> GoneAsync(string pid)
    {
        for (var i = 0; i < 200; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(' ')[2] is "Z" or "X")
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task RunAsync_OutputOverCap_IsStoppedAndReported()
    {
        var invocation = new ToolInvocation("/bin/sh", ["-c", "yes 0123456789012345678901234567890123456789"])
        {
            DisplayName = "chatty tool",
            MaxOutputBytes = 1024 * 1024,
            Timeout = TimeSpan.FromMinutes(2),
        };

        var ex = await Assert.ThrowsAsync<ToolRunException>(() => ToolRunner.RunAsync(invocation));

        Assert.Equal(ToolFailure.OutputTooLarge, ex.Failure);
        Assert.Equal("chatty tool wrote more than 1 MiB of output and was stopped", ex.Message);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_ReturnsCodeAndStreams()
    {
        var result = await ToolRunner.RunAsync(new ToolInvocation("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]) { Environment = new Dictionary<string, string?> { ["X"] = "1" } });

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_ThrowsNotStarted()
    {
        var ex = await Assert.ThrowsAsync<ToolRunException>(() => ToolRunner.RunAsync(new ToolInvocation("/nonexistent/helm", []) { DisplayName = "helm" }));

        Assert.Equal(ToolFailure.NotStarted, ex.Failure);
        Assert.StartsWith("helm: cannot start '/nonexistent/helm'", ex.Message, StringComparison.Ordinal);
    }
}
