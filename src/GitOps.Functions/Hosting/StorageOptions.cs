using Microsoft.Extensions.Configuration;

namespace GitOps.Functions.Hosting;

/// <summary>The storage account holding the queues and tables: the AzureWebJobsStorage setting, as the Functions host reads it.</summary>
/// <remarks>
/// Either a connection string (<c>AzureWebJobsStorage</c>, including <c>UseDevelopmentStorage=true</c>) or identity-based
/// settings (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>AzureWebJobsStorage__tableServiceUri</c>, optionally
/// <c>AzureWebJobsStorage__credential</c> = <c>managedidentity</c> and <c>AzureWebJobsStorage__clientId</c> for a
/// user-assigned managed identity). The deployment uses the identity form.
/// </remarks>
[RequiredSetting("AzureWebJobsStorage__queueServiceUri")]
[RequiredSetting("AzureWebJobsStorage__tableServiceUri")]
[RequiredSetting("AzureWebJobsStorage__clientId")]
public sealed class StorageOptions
{
    /// <summary>The setting name (and the bindings' connection name).</summary>
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>The one <c>__credential</c> value the host documents for storage: a (system- or user-assigned) managed identity.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>The connection string, when the connection-string form is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Queue service endpoint for identity-based connections.</summary>
    public string? QueueServiceUri { get; set; }

    /// <summary>Table service endpoint for identity-based connections.</summary>
    public string? TableServiceUri { get; set; }

    /// <summary><c>managedidentity</c> for a managed identity; unset uses the default credential chain (developer sign-ins, workload identity, managed identity).</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>Reads the setting in both of its forms from configuration.</summary>
    public static StorageOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SettingName);
        return new StorageOptions
        {
            ConnectionString = NullIfBlank(section.Value),
            QueueServiceUri = NullIfBlank(section["queueServiceUri"]),
            TableServiceUri = NullIfBlank(section["tableServiceUri"]),
            Credential = NullIfBlank(section["credential"]),
            ClientId = NullIfBlank(section["clientId"]),
        };
    }

    /// <summary>Copies every field from <paramref name="other"/>.</summary>
    public void CopyFrom(StorageOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ConnectionString = other.ConnectionString;
        QueueServiceUri = other.QueueServiceUri;
        TableServiceUri = other.TableServiceUri;
        Credential = other.Credential;
        ClientId = other.ClientId;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
