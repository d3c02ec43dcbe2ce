using Microsoft.Extensions.Configuration;

namespace GitOps.Functions.Hosting;

/// <summary>The storage account holding the queues and tables: the AzureWebJobsStorage setting, as the Functions host reads it.</summary>
/// <remarks>
/// Either a connection string (<c>AzureWebJobsStorage</c>, including <c>UseDevelopmentStorage=true</c>) or identity-based
/// settings (<c>AzureWebJobsStorage__queueServiceUri</c>, <c>AzureWebJobsStorage__tableServiceUri</c>, optionally
/// <c>AzureWebJobsStorage__clientId</c> for a user-assigned managed identity). The deployment uses the identity form.
/// </remarks>
[RequiredSetting("AzureWebJobsStorage__queueServiceUri")]
[RequiredSetting("AzureWebJobsStorage__tableServiceUri")]
[RequiredSetting("AzureWebJobsStorage__clientId")]
public sealed class StorageOptions
{
    /// <summary>The setting name (and the bindings' connection name).</summary>
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>The connection string, when the connection-string form is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Queue service endpoint for identity-based connections.</summary>
    public string? QueueServiceUri { get; set; }

    /// <summary>Table service endpoint for identity-based connections.</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; unset uses the default credential chain.</summary>
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
            ClientId = NullIfBlank(section["clientId"]),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
