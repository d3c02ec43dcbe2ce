using System.Text.Json;
using GitOps.Testing;

namespace GitOps.Functions.Tests.Catalog;

/// <summary>The repository's host.json and local.settings.sample.json have what the host and the runtime need.</summary>
public sealed class HostJsonTests
{
    private static JsonElement Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ToolPaths.RepositoryRoot, file)));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void HostJson_CustomHandler_RunsGitopsServeWithForwarding()
    {
        var host = Read("host.json");

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var handler = host.GetProperty("customHandler");
        Assert.Equal("gitops", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(["serve"], handler.GetProperty("description").GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host.GetProperty("extensionBundle").GetProperty("id").GetString());
    }

    [Fact]
    public void HostJson_Queues_UsePlainMessagesAndFiveAttempts()
    {
        var queues = Read("host.json").GetProperty("extensions").GetProperty("queues");

        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(16, queues.GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public void LocalSettingsSample_Values_SelectCustomRuntimeAndAzurite()
    {
        var values = Read("local.settings.sample.json").GetProperty("Values");

        Assert.Equal("custom", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Contains(values.EnumerateObject(), p => p.Name.StartsWith("GitOps__Sources__", StringComparison.Ordinal));
        Assert.Contains(values.EnumerateObject(), p => p.Name.StartsWith("GitOps__Clusters__", StringComparison.Ordinal));
    }
}
