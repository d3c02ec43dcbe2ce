using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Storage;
using GitOps.Storage.Accounts;
using GitOps.Storage.Drift;
using GitOps.Storage.Jobs;
using GitOps.Storage.Leases;
using GitOps.Storage.Status;
using GitOps.Storage.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>The one place storage is registered: the SDK clients from <see cref="StorageOptions"/>, and every table- or queue-backed engine port.</summary>
/// <remarks>Clients are created on first use, after the settings were validated; nothing touches the network at registration.</remarks>
public static class StorageRegistration
{
    /// <summary>Every table the app uses (created at startup by <see cref="StorageInitializer"/>).</summary>
    public static IReadOnlyList<string> TableNames { get; } =
        [TableJobStore.DefaultTableName, TableAppStatusStore.TableName, TableDriftStore.HistoryTableName, TableAppLease.TableName, TableDeliveryLog.DefaultTableName];

    /// <summary>
    /// Adds <see cref="StorageOptions"/> (validated at start), the account with its QueueServiceClient and TableServiceClient,
    /// the job queue and job store, the app status, drift, lease and delivery stores, and the background table creation
    /// and retention passes.
    /// </summary>
    public static IServiceCollection AddGitOpsStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>()
            .Configure<IConfiguration>((options, configuration) => options.CopyFrom(StorageOptions.Read(configuration)))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddOptions<StorageRetentionOptions>().BindConfiguration(StorageRetentionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageRetentionOptions>, StorageRetentionOptionsValidator>());

        services.TryAddSingleton(sp => CreateAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageAccount>().Queues);
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageAccount>().Tables);

        services.TryAddSingleton(sp => new TableJobStore(Table(sp, TableJobStore.DefaultTableName)));
        services.TryAddSingleton<IJobStore>(sp => sp.GetRequiredService<TableJobStore>());
        services.TryAddSingleton<IJobQueue>(sp => new QueueJobQueue(sp.GetRequiredService<QueueServiceClient>(), FunctionNames.SyncQueue));
        services.TryAddSingleton<IAppStatusStore>(sp => new TableAppStatusStore(Table(sp, TableAppStatusStore.TableName)));
        services.TryAddSingleton<IAppLease>(sp => new TableAppLease(
            Table(sp, TableAppLease.TableName), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TableAppLease>>()));
        services.TryAddSingleton<IDriftStore>(sp => new TableDriftStore(Table(sp, TableAppStatusStore.TableName), Table(sp, TableDriftStore.HistoryTableName)));
        services.TryAddSingleton(sp =>
        {
            var webhooks = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            return new TableDeliveryLog(Table(sp, TableDeliveryLog.DefaultTableName), webhooks.DeliveryWindow, webhooks.ClaimTimeout);
        });
        services.TryAddSingleton<IDeliveryLog>(sp => sp.GetRequiredService<TableDeliveryLog>());

        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<StorageRetentionService>();
        return services;
    }

    /// <summary>
    /// The account from the connection string, or from the identity-based endpoints with a managed identity (or the
    /// default credential chain). A malformed connection string throws a <see cref="FormatException"/> naming the setting.
    /// </summary>
    public static StorageAccount CreateAccount(StorageOptions options, StorageClientOptions? clientOptions = null, string settingName = StorageOptions.SettingName)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is { } connectionString)
        {
            return StorageAccount.FromConnectionString(connectionString, clientOptions, settingName);
        }

        if (!Uri.TryCreate(options.QueueServiceUri, UriKind.Absolute, out var queues) || !Uri.TryCreate(options.TableServiceUri, UriKind.Absolute, out var tables))
        {
            throw new FormatException($"{settingName} is not set: give a connection string, or {settingName}__queueServiceUri and {settingName}__tableServiceUri as absolute URLs.");
        }

        return StorageAccount.FromIdentity(queues, tables, CreateCredential(options), clientOptions);
    }

    /// <summary>The token credential the identity-based settings ask for, as the Functions host builds it.</summary>
    public static TokenCredential CreateCredential(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(options.Credential, StorageOptions.ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            return options.ClientId is { } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
    }

    private static TableClient Table(IServiceProvider sp, string name) => sp.GetRequiredService<TableServiceClient>().GetTableClient(name);
}
