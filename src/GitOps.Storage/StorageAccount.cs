using Azure.Core;
using GitOps.Storage.Accounts;
using GitOps.Storage.Pipeline;
using GitOps.Storage.Queues;
using GitOps.Storage.Tables;

namespace GitOps.Storage;

/// <summary>Entry point: the Queue and Table clients of one storage account, from a connection string or Entra ID.</summary>
public sealed class StorageAccount
{
    private StorageAccount(Uri queueEndpoint, Uri tableEndpoint, StorageAuthentication authentication, StorageClientOptions options)
    {
        Authentication = authentication;
        Queues = new QueueServiceClient(new StorageRequestSender(StoragePipeline.Build(StorageServiceKind.Queue, authentication, options), queueEndpoint));
        Tables = new TableServiceClient(new StorageRequestSender(StoragePipeline.Build(StorageServiceKind.Table, authentication, options), tableEndpoint));
    }

    /// <summary>How requests are authorized.</summary>
    public StorageAuthentication Authentication { get; }

    /// <summary>The Queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The Table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>Creates the clients from a connection string (SharedKey or SAS); a bad string throws a <see cref="FormatException"/> naming the problem.</summary>
    public static StorageAccount FromConnectionString(string connectionString, StorageClientOptions? options = null, string settingName = "The storage connection string")
    {
        var parsed = StorageConnectionString.Parse(connectionString, settingName);
        StorageAuthentication auth = parsed.AccountKey is { } key
            ? new StorageAuthentication.SharedKey(parsed.AccountName!, key)
            : new StorageAuthentication.Sas(parsed.SharedAccessSignature!);
        return new StorageAccount(parsed.QueueEndpoint, parsed.TableEndpoint, auth, options ?? new StorageClientOptions());
    }

    /// <summary>Creates the clients with Entra ID bearer tokens (scope https://storage.azure.com/.default); endpoints must be https.</summary>
    public static StorageAccount FromEntraId(Uri queueEndpoint, Uri tableEndpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        foreach (var (endpoint, name) in new[] { (queueEndpoint, nameof(queueEndpoint)), (tableEndpoint, nameof(tableEndpoint)) })
        {
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
            {
                // Bearer tokens never travel over plain HTTP (Azure.Core refuses too, but only at the first request).
                throw new ArgumentException($"{name} '{endpoint}' must be an absolute https URL for Entra ID authentication.", name);
            }
        }

        return new StorageAccount(queueEndpoint, tableEndpoint, new StorageAuthentication.Token(credential), options ?? new StorageClientOptions());
    }
}
