using GitOps.Dashboard.Actions;
using GitOps.Dashboard.Http;
using GitOps.Dashboard.Rendering;
using GitOps.Dashboard.Views;
using GitOps.Functions.Hosting;
using GitOps.Functions.Status;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Dashboard;

/// <summary>Registers the dashboard: one HTTP function (ui/{*path}) over the status API's reader and the engine.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard function and what it uses; call after the function bodies (status API, engine, storage) are added.</summary>
    public static IServiceCollection AddGitOpsDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "gitops-antiforgery";
            o.FormFieldName = "__RequestVerificationToken";
            o.SuppressXFrameOptionsHeader = true; // we send DENY ourselves
        });
        services.TryAddSingleton(sp => new SyncQueues(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddSingleton<CommitFacts>();
        services.TryAddSingleton<AppLiveReader>();
        services.TryAddSingleton<DashboardReader>();
        services.TryAddSingleton<DashboardActions>();
        services.TryAddSingleton<DashboardAuthorization>();
        services.TryAddSingleton<DashboardAssets>();
        services.TryAddSingleton<NoticeBoard>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, DashboardFunction>());
        return services;
    }
}
