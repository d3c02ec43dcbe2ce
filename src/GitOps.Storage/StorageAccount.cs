using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using GitOps.Storage.Accounts;

namespace GitOps.Storage;

/// <summary>The Azure SDK's Queue and Table service clients of one storage account, from a connection string or Entra ID.</summary>
public sealed class StorageAccount
{
    private StorageAccount(QueueServiceClient queues, TableServiceClient tables)
    {
        Queues = queues;
        Tables = tables;
    }

    /// <summary>The Queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The Table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The table endpoint's scheme, host and port, for messages (never a key or signature).</summary>
    public string Endpoint => Tables.Uri.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// Creates the clients from a connection string as the Functions host reads it (SharedKey, SAS, explicit endpoints or
    /// <c>UseDevelopmentStorage=true</c>); a malformed string throws a <see cref="FormatException"/> naming the setting, never the key.
    /// </summary>
    public static StorageAccount FromConnectionString(string connectionString, StorageClientOptions? options = null, string settingName = "The storage connection string")
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException($"{settingName} is empty: set it to 'UseDevelopmentStorage=true' or 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…'.");
        }

        options ??= new StorageClientOptions();
        try
        {
            return new StorageAccount(
                new QueueServiceClient(connectionString, options.ForQueues()),
                new TableServiceClient(connectionString, options.ForTables()));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The string itself is never echoed, since it holds the key.
            throw new FormatException(ConnectionStringProblem.Find(connectionString) is { } problem
                ? $"{settingName} is malformed: {problem}."
                : $"{settingName} is not a valid storage connection string ({ex.GetType().Name}: {FirstSentence(ex.Message)}).", ex);
        }
    }

    /// <summary>Creates the clients with Entra ID tokens (managed identity, workload identity…); endpoints must be https.</summary>
    public static StorageAccount FromIdentity(Uri queueEndpoint, Uri tableEndpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        foreach (var (endpoint, name) in new[] { (queueEndpoint, nameof(queueEndpoint)), (tableEndpoint, nameof(tableEndpoint)) })
        {
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
            {
                // Bearer tokens never travel over plain HTTP (Azure.Core refuses too, but only at the first request).
                throw new ArgumentException($"{name} '{endpoint}' must be an absolute https URL for identity-based storage.", name);
            }
        }

        options ??= new StorageClientOptions();
        return new StorageAccount(
            new QueueServiceClient(queueEndpoint, credential, options.ForQueues()),
            new TableServiceClient(tableEndpoint, credential, options.ForTables()));
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
