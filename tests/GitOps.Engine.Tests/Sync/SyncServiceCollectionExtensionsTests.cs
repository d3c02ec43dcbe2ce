using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using GitOps.Kubernetes.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace GitOps.Engine.Tests.Sync;

public sealed class SyncServiceCollectionExtensionsTests
{
    private static ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(Options.Create(new GitOpsOptions()));
        services.AddSingleton(Substitute.For<ISourceFetcher>());
        services.AddSingleton(Substitute.For<IAppCatalog>());
        services.AddSingleton(Substitute.For<IAppRenderer>());
        services.AddSingleton(Substitute.For<IKubernetesClientFactory>());
        services.AddSingleton(Substitute.For<IJobQueue>());
        services.AddSingleton(Substitute.For<IAppStatusStore>());
        return services;
    }

    [Fact]
    public void AddGitOpsSync_WithPorts_ResolvesTheSyncHandler()
    {
        using var provider = Services().AddGitOpsSync().BuildServiceProvider();

        Assert.IsType<SyncJobHandler>(provider.GetRequiredService<ISyncJobHandler>());
        Assert.IsType<InMemoryAppLease>(provider.GetRequiredService<IAppLease>());
    }

    [Fact]
    public void AddGitOpsSync_InvalidConcurrency_FailsNamingTheSetting()
    {
        using var provider = Services().AddGitOpsSync(o => o.Concurrency = 0).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SyncPipelineOptions>>().Value);
        Assert.Contains("GitOps:Sync:Concurrency", ex.Message, StringComparison.Ordinal);
    }
}
