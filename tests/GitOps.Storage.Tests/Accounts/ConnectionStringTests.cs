using GitOps.Storage.Accounts;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Accounts;

public sealed class ConnectionStringTests
{
    private const string Key = AzuriteInstance.AccountKey;

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10001/devstoreaccount1", "http://127.0.0.1:10002/devstoreaccount1")]
    [InlineData("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite", "http://azurite:10001/devstoreaccount1", "http://azurite:10002/devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=" + Key + ";EndpointSuffix=core.windows.net", "https://acct1.queue.core.windows.net/", "https://acct1.table.core.windows.net/")]
    [InlineData("AccountName=acct1;AccountKey=" + Key, "https://acct1.queue.core.windows.net/", "https://acct1.table.core.windows.net/")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=acct1;AccountKey=" + Key + ";EndpointSuffix=core.chinacloudapi.cn", "http://acct1.queue.core.chinacloudapi.cn/", "http://acct1.table.core.chinacloudapi.cn/")]
    [InlineData("accountname=acct1;ACCOUNTKEY=" + Key + ";QueueEndpoint=http://127.0.0.1:5/acct1;TableEndpoint=http://127.0.0.1:6/acct1;", "http://127.0.0.1:5/acct1", "http://127.0.0.1:6/acct1")]
    [InlineData(" QueueEndpoint=https://q.example/ ; TableEndpoint=https://t.example/ ; SharedAccessSignature=?sv=2025-11-05&sig=x%3D ", "https://q.example/", "https://t.example/")]
    public void Parse_ValidStrings_ResolvesEndpoints(string connectionString, string queue, string table)
    {
        var parsed = StorageConnectionString.Parse(connectionString);

        Assert.Equal(new Uri(queue), parsed.QueueEndpoint);
        Assert.Equal(new Uri(table), parsed.TableEndpoint);
        Assert.True(parsed.AccountKey is not null ^ parsed.SharedAccessSignature is not null);
    }

    [Fact]
    public void Parse_Sas_KeepsSignatureWithoutQuestionMark()
    {
        var parsed = StorageConnectionString.Parse("QueueEndpoint=https://q.example;TableEndpoint=https://t.example;SharedAccessSignature=?sv=1&sig=a%2Bb=");

        Assert.Equal("sv=1&sig=a%2Bb=", parsed.SharedAccessSignature);
        Assert.Null(parsed.AccountKey);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage")]
    [InlineData("AccountName=acct1", "neither AccountKey nor SharedAccessSignature")]
    [InlineData("AccountKey=" + Key, "no AccountName")]
    [InlineData("AccountName=acct1;AccountKey=not*base64!", "not valid base64")]
    [InlineData("AccountName=Bad_Name;AccountKey=" + Key, "AccountName='Bad_Name'")]
    [InlineData("AccountName=acct1;AccountName=acct2;AccountKey=" + Key, "'AccountName' twice")]
    [InlineData("AccountName=acct1;AcountKey=" + Key, "unknown setting 'AcountKey'")]
    [InlineData("DefaultEndpointsProtocol=ftp;AccountName=acct1;AccountKey=" + Key, "DefaultEndpointsProtocol")]
    [InlineData("AccountName=acct1;AccountKey=" + Key + ";QueueEndpoint=not a url", "QueueEndpoint")]
    [InlineData("SharedAccessSignature=sv=1&sig=x", "QueueEndpoint nor AccountName")]
    [InlineData("just-some-text", "without 'name=value'")]
    public void Parse_BadStrings_ThrowFormatExceptionNamingProblemWithoutSecrets(string connectionString, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString, "AzureWebJobsStorage"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("AzureWebJobsStorage", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("base64!", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StrayKeyWithoutName_DoesNotEchoIt()
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse("AccountName=acct1;" + Key));

        Assert.DoesNotContain(Key[..20], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverContainsKey()
    {
        var parsed = StorageConnectionString.Parse("AccountName=acct1;AccountKey=" + Key);

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("SharedKey", parsed.ToString(), StringComparison.Ordinal);
    }
}
