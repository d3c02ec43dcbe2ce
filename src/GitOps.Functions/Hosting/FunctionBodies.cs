using GitOps.Engine.Drift;
using GitOps.Engine.Jobs;
using GitOps.Functions.Http;
using GitOps.Functions.Placeholders;
using GitOps.Functions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps.Functions.Hosting;

/// <summary>Registers the function bodies: HTTP functions, the sync handler and the drift sweeper (the one place to swap them).</summary>
public static class FunctionBodies
{
    /// <summary>Adds the built-in HTTP functions and the default sync/drift bodies (placeholders until the engine's land).</summary>
    /// <remarks>Registered with TryAdd: a registration made before (or a later Replace) wins.</remarks>
    public static IServiceCollection AddFunctionBodies(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, HealthFunction>());
        services.TryAddSingleton<ISyncJobHandler>(sp =>
            string.Equals(sp.GetRequiredService<IConfiguration>()[ScriptedSyncJobHandler.SettingKey], ScriptedSyncJobHandler.SettingValue, StringComparison.OrdinalIgnoreCase)
                ? new ScriptedSyncJobHandler()
                : ActivatorUtilities.CreateInstance<LoggingSyncJobHandler>(sp));
        services.TryAddSingleton<IDriftSweeper, LoggingDriftSweeper>();
        return services;
    }
}
