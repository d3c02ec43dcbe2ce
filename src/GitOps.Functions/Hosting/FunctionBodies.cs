using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Sync;
using GitOps.Functions.Http;
using GitOps.Functions.Status;
using GitOps.Functions.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps.Functions.Hosting;

/// <summary>Registers the function bodies: HTTP functions (health, webhooks, status), the sync handler and the drift sweeper.</summary>
public static class FunctionBodies
{
    /// <summary>Adds the engine and the body of every function.</summary>
    public static IServiceCollection AddFunctionBodies(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, HealthFunction>());
        services.AddGitOpsEngine();
        services.AddGitOpsSync();
        services.AddGitOpsDrift();
        services.AddGitOpsWebhooks();
        services.AddGitOpsStatusApi();
        return services;
    }
}
