using GitOps.Functions.Hosting;
using GitOps.Testing.Git;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Tests.Hosting;

/// <summary>host.json and local.settings.json feed configuration as under the Functions host.</summary>
public sealed class FunctionsConfigurationTests
{
    [Fact]
    public void AddFunctionsFiles_HostJsonQueuesWithEnvironmentOverride_EnvironmentWins()
    {
        using var temp = new TempFolder();
        var dir = temp.Path;
        var hostJson = Path.Combine(dir, "host.json");
        File.WriteAllText(hostJson, "{\"version\":\"2.0\",\"extensions\":{\"queues\":{\"batchSize\":8,\"maxDequeueCount\":3,\"maxPollingInterval\":\"00:00:02\",\"messageEncoding\":\"none\"}}}");
        var variable = "AzureFunctionsJobHost__extensions__queues__maxDequeueCount";
        var builder = new ConfigurationBuilder();
        builder.AddEnvironmentVariables();
        Environment.SetEnvironmentVariable(variable, "7");
        try
        {
            FunctionsConfiguration.AddFunctionsFiles(builder, hostJson, dir);
            var options = Bind(builder.Build());

            Assert.Equal(8, options.BatchSize);
            Assert.Equal(7, options.MaxDequeueCount);
            Assert.Equal(TimeSpan.FromSeconds(2), options.MaxPollingInterval);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AddFunctionsFiles_LocalSettingsValues_MapDoubleUnderscoreToSections()
    {
        using var temp = new TempFolder();
        var dir = temp.Path;
        File.WriteAllText(Path.Combine(dir, "local.settings.json"),
            "{\"IsEncrypted\":false,\"Values\":{\"AzureWebJobsStorage\":\"UseDevelopmentStorage=true\",\"GitOps__DriftSchedule\":\"*/10 * * * * *\"}}");
        var builder = new ConfigurationBuilder();

        FunctionsConfiguration.AddFunctionsFiles(builder, hostJsonPath: null, dir);
        var configuration = builder.Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
        Assert.Equal("*/10 * * * * *", configuration["GitOps:DriftSchedule"]);
    }

    [Theory]
    [InlineData("batchSize", "40", "host.json extensions.queues.batchSize is malformed")]
    [InlineData("messageEncoding", "base64", "host.json extensions.queues.messageEncoding must be 'none'")]
    [InlineData("maxDequeueCount", "0", "host.json extensions.queues.maxDequeueCount is malformed")]
    public void QueueOptions_OutOfRange_FailNamingTheHostJsonKey(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:messageEncoding"] = "none",
            ["AzureFunctionsJobHost:extensions:queues:" + key] = value,
        }).Build();

        var ex = Assert.Throws<OptionsValidationException>(() => Bind(configuration));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DriftOptions_BadSchedule_FailNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GitOps:DriftSchedule"] = "*/5 * * * *" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddRuntimeOptions().BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DriftOptions>>().Value);

        Assert.Contains("GitOps__DriftSchedule is malformed", ex.Message, StringComparison.Ordinal);
    }

    private static QueueTriggerOptions Bind(IConfiguration configuration) =>
        new ServiceCollection().AddSingleton(configuration).AddRuntimeOptions().BuildServiceProvider()
            .GetRequiredService<IOptions<QueueTriggerOptions>>().Value;
}
