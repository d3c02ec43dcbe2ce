using GitOps.Engine.Jobs;
using GitOps.Engine.Notifications;
using GitOps.Engine.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Sync;

/// <summary>Registers the sync: handler, pipeline, health seam, commit status, options validated at startup.</summary>
public static class SyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ISyncJobHandler"/> and its parts. The host must also register ISourceFetcher, IAppCatalog,
    /// IAppRenderer, IKubernetesClientFactory, IJobQueue and IAppStatusStore; IAppLease defaults to an
    /// in-process lease (register the table lease for more than one instance).
    /// </summary>
    public static IServiceCollection AddGitOpsSync(this IServiceCollection services, Action<SyncPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<SyncPipelineOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncPipelineOptions>, SyncPipelineOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAppLease, InMemoryAppLease>();
        services.TryAddSingleton(HealthAssessor.Default);
        services.TryAddSingleton<ICommitStatusNotifier>(sp => new HttpCommitStatusNotifier(
            new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sp.GetRequiredService<ILogger<HttpCommitStatusNotifier>>()));
        services.TryAddSingleton<SyncPipeline>();
        services.TryAddSingleton<ISyncJobHandler, SyncJobHandler>();
        return services;
    }

    private sealed class SyncPipelineOptionsValidation : IValidateOptions<SyncPipelineOptions>
    {
        public ValidateOptionsResult Validate(string? name, SyncPipelineOptions options)
        {
            var errors = SyncPipelineOptionsValidator.Validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
