using GitOps.Cli;
using GitOps.Testing;
using GitOps.Testing.Azurite;

namespace GitOps.Cli.Tests.Cli;

/// <summary>Connection and configuration errors of the data verbs: unreachable storage, malformed and missing settings.</summary>
public sealed class ConnectionErrorTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("jobs")]
    [InlineData("sync", "web")]
    public async Task Verb_UnreachableStorage_ExitsOneNamingEndpointWithoutKey(params string[] args)
    {
        var port = FreePort.Next();
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteInstance.AccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), [.. args, "--storage", connection]);

        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Contains($"cannot reach storage at http://127.0.0.1:{port}: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteInstance.AccountKey, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteInstance.AccountKey[..12], result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_MalformedSetting_ExitsTwoNamingSetting()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "AccountName=x;NotAKey" }, "status");

        Assert.Equal(ExitCodes.UsageOrConfiguration, result.Exit);
        Assert.Contains("AzureWebJobsStorage", result.Error, StringComparison.Ordinal);
        Assert.Contains("configuration error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_MissingSetting_ExitsTwoExplaining()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "" }, "jobs");

        Assert.Equal(ExitCodes.UsageOrConfiguration, result.Exit);
        Assert.Contains("AzureWebJobsStorage is not set", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_WithUrl_ExitsTwoBecauseTheApiIsReadOnly()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "sync", "web", "--url", "http://127.0.0.1:1/api");

        Assert.True(result.Exit == ExitCodes.UsageOrConfiguration, result.Error);
        Assert.Contains("read-only", result.Error, StringComparison.Ordinal);
    }
}
