using GitOps.Storage.Accounts;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Support;

/// <summary>Accounts on a test Azurite: quick retries, optionally with a fault policy in the pipeline.</summary>
internal static class TestAccounts
{
    public static StorageAccount For(AzuriteFixture azurite, FaultPolicy? fault = null, int maxRetries = 3)
    {
        var options = new StorageClientOptions { MaxRetries = maxRetries, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) };
        if (fault is not null)
        {
            options.AddPolicy(fault, Azure.Core.HttpPipelinePosition.PerRetry);
        }

        return StorageAccount.FromConnectionString(azurite.ConnectionString, options);
    }

    /// <summary>A fresh, unique table name.</summary>
    public static string TableName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
