using GitOps.Functions.Hosting;
using GitOps.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.FunctionApp.Tests;

/// <summary>
/// The contract with the Functions host, read from the published app: functions.metadata (every binding), worker.config.json and
/// extensions.json. The host cannot run here, so these files are what we can hold it to.
/// </summary>
public sealed class BindingContractTests
{
    [Fact]
    public void Metadata_ListsExactlyTheFunctions()
    {
        Assert.Equal(
            ["dashboard", "drift", "health", "jobs", "jobs-show", "status", "status-app", "sync", "webhook"],
            PublishedApp.Functions().Keys.Order(StringComparer.Ordinal));
        Assert.All(PublishedApp.Functions().Values, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("GitOps.FunctionApp.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    [Fact]
    public void Sync_IsAQueueTriggerOnGitopsSyncWithTheStorageConnection()
    {
        var trigger = PublishedApp.Trigger(FunctionNames.Sync);

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal("gitops-sync", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Single(PublishedApp.Functions()[FunctionNames.Sync].GetProperty("bindings").EnumerateArray()); // no output binding: poison is written durably by the body
    }

    [Fact]
    public void Drift_IsATimerTriggerOnTheDriftScheduleSetting()
    {
        var trigger = PublishedApp.Trigger(FunctionNames.Drift);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%GitOps:DriftSchedule%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.GetBoolean());
    }

    [Theory]
    [InlineData("webhook", "webhooks/{provider}", "Anonymous", new[] { "post" })]
    [InlineData("health", "healthz", "Anonymous", new[] { "get" })]
    [InlineData("status", "status", "Function", new[] { "get" })]
    [InlineData("status-app", "status/{app}", "Function", new[] { "get" })]
    [InlineData("jobs", "jobs", "Function", new[] { "get" })]
    [InlineData("jobs-show", "jobs/{id}", "Function", new[] { "get" })]
    [InlineData("dashboard", "ui/{*path}", "Function", new[] { "get", "post" })]
    public void HttpFunction_RouteMethodsAndAuthLevel(string function, string route, string authLevel, string[] methods)
    {
        var trigger = PublishedApp.Trigger(function);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void HttpFunctions_MatchTheRegisteredBodies()
    {
        // Each body says its own route, methods and auth level (gitops serve maps them); the adapters must say the same to the host.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddGitOpsFunctions().BuildServiceProvider();
        var functions = PublishedApp.Functions();

        foreach (var body in services.GetServices<IHttpFunction>())
        {
            Assert.True(functions.ContainsKey(body.Name), $"the Function App has no [Function(\"{body.Name}\")] adapter");
            var trigger = PublishedApp.Trigger(body.Name);
            Assert.Equal(body.Route, trigger.GetProperty("route").GetString());
            Assert.Equal(body.AuthLevel, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
            Assert.Equal(body.Methods.Select(m => m.ToUpperInvariant()), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));
        }
    }

    [Fact]
    public void WorkerConfig_RunsTheAppOnTheIsolatedWorker()
    {
        var description = PublishedApp.Read("worker.config.json").GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("GitOps.FunctionApp.dll", description.GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public void Extensions_LoadTheStorageQueuesTriggerFromTheAppFolder()
    {
        var queues = PublishedApp.Read("extensions.json").GetProperty("extensions").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "AzureStorageQueues");

        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.Storage.AzureStorageQueuesWebJobsStartup, Microsoft.Azure.WebJobs.Extensions.Storage.Queues, Version=5.3.10.0",
            queues.GetProperty("typeName").GetString(), StringComparison.Ordinal);
        var hint = queues.GetProperty("hintPath").GetString()!;
        Assert.True(File.Exists(Path.Combine(PublishedApp.Folder, hint)), $"{hint} is not in the publish output");
    }

    [Fact]
    public void Publish_ShipsHostJsonWithPlainQueueMessagesAndNotTheCliOrSimulator()
    {
        var queues = PublishedApp.Read("host.json").GetProperty("extensions").GetProperty("queues");

        Assert.Equal("none", queues.GetProperty("messageEncoding").GetString());
        Assert.False(File.Exists(Path.Combine(PublishedApp.Folder, "gitops.dll")));
        Assert.False(File.Exists(Path.Combine(PublishedApp.Folder, "GitOps.KubeSim.dll")));
        Assert.False(File.Exists(Path.Combine(PublishedApp.Folder, "local.settings.json")));
    }
}
