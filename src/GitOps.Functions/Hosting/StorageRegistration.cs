using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Hosting;

/// <summary>Registers the storage clients (queues, tables), the job queue and the job store from <see cref="StorageOptions"/>.</summary>
public static class StorageRegistration
{
    /// <summary>Adds IQueueServiceClient, the tables, IJobQueue (waking the local listener) and IJobStore.</summary>
    public static IServiceCollection AddGitOpsStorage(this IServiceCollection services)
    {
        // Wired to the GitOps.Storage REST clients once they land (branch storage).
        return services;
    }
}
