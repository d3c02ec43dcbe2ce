using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Sync;
using GitOps.Functions.Http;
using GitOps.Functions.Status;
using GitOps.Functions.Testing;
using GitOps.Functions.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps.Functions.Hosting;

/// <summary>Registers the function bodies: HTTP functions (health, webhooks), the sync handler and the drift sweeper (the one place to swap them).</summary>
public static class FunctionBodies
{
    /// <summary>Adds the engine and the bodies of every function in the catalog.</summary>
    public static IServiceCollection AddFunctionBodies(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, HealthFunction>());
        services.AddGitOpsEngine();
        services.AddGitOpsSync();
        services.AddGitOpsDrift();
        services.AddGitOpsWebhooks();
        services.AddGitOpsStatusApi();

        // Test-only: a scripted handler whose behaviour the app name selects (off unless GitOps:Testing:Handler=script).
        services.Replace(ServiceDescriptor.Singleton<ISyncJobHandler>(sp =>
            string.Equals(sp.GetRequiredService<IConfiguration>()[ScriptedSyncJobHandler.SettingKey], ScriptedSyncJobHandler.SettingValue, StringComparison.OrdinalIgnoreCase)
                ? new ScriptedSyncJobHandler()
                : ActivatorUtilities.CreateInstance<SyncJobHandler>(sp)));
        return services;
    }
}
