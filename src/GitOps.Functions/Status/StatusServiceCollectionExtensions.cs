using GitOps.Functions.Hosting;
using GitOps.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Status;

/// <summary>Registers the HTTP status API (GET /api/status, /api/status/{app}, /api/jobs, /api/jobs/{id}).</summary>
public static class StatusServiceCollectionExtensions
{
    /// <summary>Adds the status reader (over the registered <see cref="StorageAccount"/>), the GitOps:Api options and the four functions.</summary>
    public static IServiceCollection AddGitOpsStatusApi(this IServiceCollection services)
    {
        services.AddOptions<StatusApiOptions>().BindConfiguration(StatusApiOptions.SectionName);
        services.TryAddSingleton(sp => StatusStores.CreateReader(sp.GetRequiredService<StorageAccount>()));
        services.TryAddSingleton(sp => new StatusApiAuthorization(sp.GetRequiredService<IOptions<StatusApiOptions>>(), sp.GetService<FunctionKeysCheckedByHost>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, StatusListFunction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, AppStatusFunction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, JobsListFunction>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpFunction, JobFunction>());
        return services;
    }
}
