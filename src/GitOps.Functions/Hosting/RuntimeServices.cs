using GitOps.Functions.Http;
using GitOps.Functions.Jobs;
using GitOps.Functions.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>The composition both hosts share: options (validated at start), storage, the function bodies and the trigger bodies.</summary>
/// <remarks>Tests compose the same way and then replace single services with their doubles before the provider is built.</remarks>
public static class RuntimeServices
{
    /// <summary>Adds everything the functions need; the host adds only its trigger adapters.</summary>
    public static IServiceCollection AddGitOpsFunctions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddRuntimeOptions();
        services.AddGitOpsStorage();
        services.AddFunctionBodies();
        services.TryAddSingleton<HttpFunctionDirectory>();
        services.TryAddSingleton<JobRecorder>();
        services.TryAddSingleton<SyncJobRunner>();
        services.TryAddSingleton<SyncTrigger>();
        services.TryAddSingleton<DriftTrigger>();
        return services;
    }

    /// <summary>Binds and validates the options every host reads; a failure stops startup with a message naming the setting.</summary>
    public static IServiceCollection AddRuntimeOptions(this IServiceCollection services)
    {
        services.AddOptions<DriftOptions>().BindConfiguration("GitOps").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DriftOptions>, DriftOptionsValidator>());
        services.AddOptions<QueueTriggerOptions>().BindConfiguration(QueueTriggerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueueTriggerOptions>, QueueTriggerOptionsValidator>());
        return services;
    }
}
