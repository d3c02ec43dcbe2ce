using Azure.Identity;
using GitOps.Storage;
using GitOps.Engine.Jobs;
using GitOps.Storage.Jobs;
using GitOps.Storage.Queues;
using GitOps.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>Registers the storage clients (queues, tables), the job queue and the job store from <see cref="StorageOptions"/>.</summary>
/// <remarks>Clients are created on first use, after the settings were validated; nothing touches the network at registration.</remarks>
public static class StorageRegistration
{
    /// <summary>Adds the storage account, IQueueServiceClient, the job queue and the job store.</summary>
    public static IServiceCollection AddGitOpsStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => CreateAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton<IQueueServiceClient>(sp => sp.GetRequiredService<StorageAccount>().Queues);
        services.TryAddSingleton<ITableServiceClient>(sp => sp.GetRequiredService<StorageAccount>().Tables);
        services.TryAddSingleton<IJobStore>(sp => new TableJobStore(sp.GetRequiredService<ITableServiceClient>()));
        services.TryAddSingleton<IJobQueue>(sp => new QueueJobQueue(sp.GetRequiredService<IQueueServiceClient>(), FunctionNames.SyncQueue));
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>The account from the connection string, or from the identity-based endpoints with a managed identity.</summary>
    public static StorageAccount CreateAccount(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is { } connectionString)
        {
            return StorageAccount.FromConnectionString(connectionString, settingName: StorageOptions.SettingName);
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
        return StorageAccount.FromEntraId(new Uri(options.QueueServiceUri!), new Uri(options.TableServiceUri!), credential);
    }
}
