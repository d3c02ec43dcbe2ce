using GitOps.Cli;

namespace GitOps.Cli.Tests.Cli;

/// <summary>The root command, verb discovery and exit codes.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void BuildRoot_Verbs_AreTheDocumentedOnes()
    {
        var root = CommandLine.BuildRoot();

        Assert.Equal(["apps", "demo", "diff", "jobs", "serve", "simulator", "status", "sweep", "sync", "validate"], root.Subcommands.Select(c => c.Name));
        Assert.Contains(Assert.Single(root.Subcommands, c => c.Name == "serve").Options, o => o.Name == "--port");
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("serve", "--no-such-option")]
    [InlineData("sweep", "a", "b")]
    public async Task RunAsync_UsageError_ReturnsTwoAndExplains(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(args, output, error);

        Assert.Equal(ExitCodes.UsageOrConfiguration, exit);
        Assert.Contains("gitops --help", error.ToString(), StringComparison.Ordinal);
    }
}
