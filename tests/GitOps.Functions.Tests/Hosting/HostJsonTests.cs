using System.Text.Json;
using GitOps.Functions.Hosting;
using GitOps.Testing;

namespace GitOps.Functions.Tests.Hosting;

/// <summary>The repository's host.json and local.settings.sample.json are for the .NET isolated worker and carry the queue settings both hosts read.</summary>
public sealed class HostJsonTests
{
    private static JsonElement Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ToolPaths.RepositoryRoot, file)));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void HostJson_IsolatedWorker_HasNoCustomHandlerAndNoExtensionBundle()
    {
        var host = Read("host.json");

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.False(host.TryGetProperty("customHandler", out _));
        Assert.False(host.TryGetProperty("extensionBundle", out _)); // the build's extensions.json lists the extensions
        Assert.Equal("api", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void HostJson_Queues_PlainMessagesFiveAttemptsAndTwoSecondIdlePolling()
    {
        var queues = Read("host.json").GetProperty("extensions").GetProperty("queues");

        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(16, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(2), TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LocalSettingsSample_Values_SelectIsolatedWorkerAzuriteAndTheDriftSchedule()
    {
        var values = Read("local.settings.sample.json").GetProperty("Values");

        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.True(values.TryGetProperty(DriftOptions.ScheduleAppSetting, out _), "the timer binding resolves %GitOps:DriftSchedule%, which this app setting sets");
        Assert.Contains(values.EnumerateObject(), p => p.Name.StartsWith("GitOps__Sources__", StringComparison.Ordinal));
        Assert.Contains(values.EnumerateObject(), p => p.Name.StartsWith("GitOps__Clusters__", StringComparison.Ordinal));
    }
}
