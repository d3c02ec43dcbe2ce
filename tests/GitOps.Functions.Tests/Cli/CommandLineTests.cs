using GitOps.Functions.Cli;

namespace GitOps.Functions.Tests.Cli;

/// <summary>The root command, verb discovery and exit codes.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void BuildRoot_Verbs_IncludeServeAndHiddenLayout()
    {
        var root = CommandLine.BuildRoot();

        var serve = Assert.Single(root.Subcommands, c => c.Name == "serve");
        Assert.Contains(serve.Options, o => o.Name == "--standalone");
        Assert.True(Assert.Single(root.Subcommands, c => c.Name == "functions-layout").Hidden);
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("serve", "--no-such-option")]
    [InlineData("functions-layout")]
    public async Task RunAsync_UsageError_ReturnsTwoAndExplains(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(args, output, error);

        Assert.Equal(ExitCodes.UsageOrConfiguration, exit);
        Assert.Contains("gitops --help", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LayoutIntoMissingDirectory_ReturnsTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["functions-layout", "/nonexistent/" + Guid.NewGuid().ToString("N")], output, error);

        Assert.Equal(ExitCodes.UsageOrConfiguration, exit);
        Assert.Contains("does not exist", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Every data verb is discovered and documents examples and exit codes in its help.</summary>
public sealed class VerbHelpTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("jobs")]
    [InlineData("sync")]
    [InlineData("diff")]
    [InlineData("validate")]
    [InlineData("apps")]
    public async Task Help_DataVerb_ShowsExamplesExitCodesAndOutputOption(string verb)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync([verb, "--help"], output, error);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Examples:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Exit codes", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--output", output.ToString(), StringComparison.Ordinal);
    }
}
