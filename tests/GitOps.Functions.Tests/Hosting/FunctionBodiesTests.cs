using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Functions.Placeholders;
using GitOps.Functions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Tests.Hosting;

/// <summary>The test-only scripted handler is off unless its setting selects it.</summary>
public sealed class FunctionBodiesTests
{
    private static ISyncJobHandler Resolve(string? handlerSetting)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ScriptedSyncJobHandler.SettingKey] = handlerSetting })
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddFunctionBodies()
            .BuildServiceProvider().GetRequiredService<ISyncJobHandler>();
    }

    [Fact]
    public void AddFunctionBodies_NoTestingSetting_UsesTheRealBody()
    {
        Assert.IsType<LoggingSyncJobHandler>(Resolve(null));
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
