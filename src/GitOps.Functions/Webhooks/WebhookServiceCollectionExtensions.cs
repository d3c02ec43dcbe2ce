using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Telemetry;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Webhooks;

/// <summary>Registers the webhook function and its receiver.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds POST /api/webhooks/{provider}: the <see cref="WebhookHttpFunction"/>, the <see cref="WebhookReceiver"/>,
    /// <see cref="WebhookOptions"/> (section GitOps:Webhooks, validated at start). Needs IJobQueue, IJobStore,
    /// IAppCatalog, IOptions&lt;GitOpsOptions&gt; and an <see cref="IDeliveryLog"/> (the table-backed one comes with
    /// StorageRegistration.AddGitOpsStorage).
    /// </summary>
    public static IServiceCollection AddGitOpsWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<GitOpsMetrics>();
        services.TryAddSingleton<UnauthenticatedBodyBudget>();
        services.TryAddSingleton(sp => new WebhookReceiver(
            sp.GetRequiredService<IOptions<GitOpsOptions>>().Value,
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value,
            sp.GetRequiredService<IAppCatalog>(),
            sp.GetRequiredService<IJobQueue>(),
            sp.GetRequiredService<IJobStore>(),
            sp.GetRequiredService<IDeliveryLog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, WebhookHttpFunction>());
        return services;
    }
}
