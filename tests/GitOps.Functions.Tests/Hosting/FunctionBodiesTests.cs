using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Engine.Drift;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Sync;
using GitOps.Functions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Tests.Hosting;

/// <summary>The test-only scripted handler is off unless its setting selects it.</summary>
public sealed class FunctionBodiesTests
{
    private static ServiceProvider Provider(string? handlerSetting)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [ScriptedSyncJobHandler.SettingKey] = handlerSetting,
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            })
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddGitOpsRuntime(ServeMode.CustomHandler)
            .BuildServiceProvider();
    }

    private static ISyncJobHandler Resolve(string? handlerSetting) => Provider(handlerSetting).GetRequiredService<ISyncJobHandler>();

    [Fact]
    public void AddFunctionBodies_NoTestingSetting_UsesTheRealBody()
    {
        Assert.IsType<SyncJobHandler>(Resolve(null));
    }

    [Fact]
    public void AddFunctionBodies_DriftTimer_UsesTheDriftSweeper()
    {
        Assert.IsType<DriftSweeper>(Provider(null).GetRequiredService<IDriftSweeper>());
    }

    [Fact]
    public void AddFunctionBodies_TestingHandlerScript_UsesTheScriptedHandler()
    {
        Assert.IsType<ScriptedSyncJobHandler>(Resolve("script"));
    }

    [Theory]
    [InlineData("fail-always", 5, typeof(ScriptedFailureException))]
    [InlineData("fail-until-3", 2, typeof(ScriptedFailureException))]
    [InlineData("bad-app", 1, typeof(BadJobMessageException))]
    public async Task ScriptedHandler_AppName_SelectsFailure(string app, long attempt, Type expected)
    {
        var job = new SyncJob { SchemaVersion = 1, JobId = "j", Source = "s", App = app, Reason = SyncReason.Manual, RequestedAt = DateTimeOffset.UnixEpoch };

        var ex = await Record.ExceptionAsync(() => new ScriptedSyncJobHandler().HandleAsync(job, new JobDelivery("m", attempt, 5), CancellationToken.None));

        Assert.IsType(expected, ex);
    }

    [Fact]
    public async Task ScriptedHandler_FailUntilReached_Succeeds()
    {
        var job = new SyncJob { SchemaVersion = 1, JobId = "j", Source = "s", App = "fail-until-3", Reason = SyncReason.Manual, RequestedAt = DateTimeOffset.UnixEpoch };

        await new ScriptedSyncJobHandler().HandleAsync(job, new JobDelivery("m", 3, 5), CancellationToken.None);
    }
}
