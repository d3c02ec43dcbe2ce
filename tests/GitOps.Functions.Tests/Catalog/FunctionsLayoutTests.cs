using System.Text.Json;
using GitOps.Functions.Catalog;
using GitOps.Functions.Tests.Support;
using GitOps.Testing.Git;

namespace GitOps.Functions.Tests.Catalog;

/// <summary>The publish step (`gitops functions-layout`, run by the MSBuild target after Publish) against the catalog.</summary>
public sealed class FunctionsLayoutTests
{
    [Fact]
    public async Task FunctionsLayoutVerb_PublishFolder_WritesOneFunctionJsonPerCatalogFunction()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var catalog = FunctionAppLayout.LoadCatalog();

        var (exit, _, error) = await ProcessRunner.RunGitopsAsync(new Dictionary<string, string?>(), "functions-layout", folder);

        Assert.True(exit == 0, error);
        var written = Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(catalog.Functions.Select(f => f.Name).Order(StringComparer.Ordinal), written);
        foreach (var function in catalog.Functions)
        {
            Assert.Equal(function.ToFunctionJson(), await File.ReadAllTextAsync(Path.Combine(folder, function.Name, "function.json")));
        }
    }

    [Fact]
    public void Catalog_Sync_IsQueueTriggerOnGitOpsSyncWithPoisonOutput()
    {
        using var doc = JsonDocument.Parse(Function("sync").ToFunctionJson());

        var bindings = doc.RootElement.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(2, bindings.Count);
        Assert.Equal("queueTrigger", bindings[0].GetProperty("type").GetString());
        Assert.Equal("in", bindings[0].GetProperty("direction").GetString());
        Assert.Equal("job", bindings[0].GetProperty("name").GetString());
        Assert.Equal("gitops-sync", bindings[0].GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", bindings[0].GetProperty("connection").GetString());
        Assert.Equal("queue", bindings[1].GetProperty("type").GetString());
        Assert.Equal("out", bindings[1].GetProperty("direction").GetString());
        Assert.Equal("poison", bindings[1].GetProperty("name").GetString());
        Assert.Equal("gitops-sync-poison", bindings[1].GetProperty("queueName").GetString());
    }

    [Fact]
    public void Catalog_Drift_IsTimerWithScheduleFromAppSetting()
    {
        using var doc = JsonDocument.Parse(Function("drift").ToFunctionJson());

        var binding = Assert.Single(doc.RootElement.GetProperty("bindings").EnumerateArray());
        Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
        Assert.Equal("timer", binding.GetProperty("name").GetString());
        Assert.Equal("%GitOps__DriftSchedule%", binding.GetProperty("schedule").GetString());
        Assert.False(binding.GetProperty("runOnStartup").GetBoolean());
        Assert.True(binding.GetProperty("useMonitor").GetBoolean());
    }

    [Fact]
    public void Catalog_HttpFunction_IsHttpInAndOutSoTheHostForwardsTheRequest()
    {
        using var doc = JsonDocument.Parse(Function("health").ToFunctionJson());

        var bindings = doc.RootElement.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(2, bindings.Count);
        Assert.Equal("{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"authLevel\":\"anonymous\",\"methods\":[\"get\"],\"route\":\"healthz\"}",
            JsonSerializer.Serialize(bindings[0]));
        Assert.Equal("{\"type\":\"http\",\"direction\":\"out\",\"name\":\"res\"}", JsonSerializer.Serialize(bindings[1]));
    }

    [Theory]
    [InlineData("gitops-sync", "gitops-sync-poison")]
    [InlineData("gitops-sync-poison", null)]
    [InlineData("q23456789012345678901234567890123456789012345678901234567", null)]
    public void PoisonQueueName_FollowsHostRules(string queue, string? expected)
    {
        Assert.Equal(expected, FunctionCatalog.PoisonQueueName(queue));
    }

    private static FunctionDefinition Function(string name) => FunctionAppLayout.LoadCatalog().Functions.Single(f => f.Name == name);
}
