using Azure.Identity;

namespace GitOps.Storage.Tests.Accounts;

public sealed class StorageAccountTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void FromConnectionString_DevelopmentStorage_UsesTheLocalEmulatorEndpoints()
    {
        var account = StorageAccount.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.Queues.Uri);
        Assert.Equal("http://127.0.0.1:10002", account.Endpoint);
        Assert.Equal("devstoreaccount1", account.Queues.AccountName);
    }

    [Fact]
    public void FromConnectionString_AccountKey_DerivesEndpointsFromTheSuffix()
    {
        var account = StorageAccount.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=gitopsprod;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://gitopsprod.queue.core.windows.net/"), account.Queues.Uri);
        Assert.Equal("https://gitopsprod.table.core.windows.net", account.Endpoint);
    }

    [Theory]
    [InlineData("AccountName=gitops")]
    [InlineData("this is not a connection string")]
    [InlineData("DefaultEndpointsProtocol=https;AccountKey=" + Key)]
    public void FromConnectionString_Malformed_FormatExceptionNamesTheSettingNeverTheKey(string connectionString)
    {
        var ex = Assert.Throws<FormatException>(() => StorageAccount.FromConnectionString(connectionString, settingName: "AzureWebJobsStorage"));

        Assert.StartsWith("AzureWebJobsStorage ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..20], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromIdentity_PlainHttpEndpoint_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => StorageAccount.FromIdentity(
            new Uri("http://gitops.queue.core.windows.net"), new Uri("https://gitops.table.core.windows.net"), new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)));

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }
}
