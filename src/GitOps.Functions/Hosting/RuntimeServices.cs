using GitOps.Functions.Catalog;
using GitOps.Functions.Jobs;
using GitOps.Functions.Standalone;
using GitOps.Functions.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>The runtime's service registrations: options (validated at start), storage, catalog, job lifecycle, triggers.</summary>
public static class RuntimeServices
{
    /// <summary>Adds everything `gitops serve` needs in <paramref name="mode"/>.</summary>
    public static IServiceCollection AddGitOpsRuntime(this IServiceCollection services, ServeMode mode)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ServeModeInfo(mode));
        services.AddRuntimeOptions();
        services.AddGitOpsStorage();
        services.AddFunctionBodies();
        services.AddSingleton<FunctionCatalog>();
        services.AddSingleton<JobRecorder>();
        services.AddSingleton<SyncJobRunner>();
        services.AddSingleton<DriftInvoker>();
        services.AddSingleton<QueueWakeSignal>();
        if (mode == ServeMode.Standalone)
        {
            services.AddHostedService<SyncQueueListener>();
            services.AddSingleton<DriftTimerScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<DriftTimerScheduler>());
        }

        return services;
    }

    /// <summary>Binds and validates the runtime's options; a failure stops startup with a message naming the setting.</summary>
    public static IServiceCollection AddRuntimeOptions(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                var read = StorageOptions.Read(configuration);
                options.ConnectionString = read.ConnectionString;
                options.QueueServiceUri = read.QueueServiceUri;
                options.TableServiceUri = read.TableServiceUri;
                options.ClientId = read.ClientId;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<DriftOptions>().BindConfiguration("GitOps").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DriftOptions>, DriftOptionsValidator>());
        services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RuntimeOptions>, RuntimeOptionsValidator>());
        services.AddOptions<QueueTriggerOptions>().BindConfiguration(QueueTriggerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueueTriggerOptions>, QueueTriggerOptionsValidator>());
        return services;
    }
}
