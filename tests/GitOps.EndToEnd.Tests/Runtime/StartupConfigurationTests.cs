using GitOps.EndToEnd.Tests.Support;

namespace GitOps.EndToEnd.Tests.Runtime;

/// <summary>`gitops serve` refuses to start on a missing or malformed connection string, naming the setting (exit code 2).</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Serve_MissingConnectionString_ExitsTwoNamingTheSetting()
    {
        await using var serve = ServeProcess.Start(new Dictionary<string, string?>());

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, exit);
        Assert.Contains("AzureWebJobsStorage is missing", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MalformedConnectionString_ExitsTwoNamingTheSettingWithoutTheKey()
    {
        await using var serve = ServeProcess.Start(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=not*base64*secret",
        });

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, exit);
        Assert.Contains("AzureWebJobsStorage is malformed: the connection string has an AccountKey that is not valid base64", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not*base64*secret", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MalformedDriftSchedule_ExitsTwoNamingTheSetting()
    {
        await using var serve = ServeProcess.Start(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["GitOps__DriftSchedule"] = "every five minutes",
        });

        var exit = await serve.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, exit);
        Assert.Contains("GitOps__DriftSchedule is malformed", serve.Output, StringComparison.Ordinal);
    }
}
