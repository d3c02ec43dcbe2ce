using GitOps.Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace GitOps.Functions.Tests.Hosting;

/// <summary>AzureWebJobsStorage in its two forms, with messages that name the setting and never echo a key.</summary>
public sealed class StorageOptionsValidatorTests
{
    private static string? Validate(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var result = new StorageOptionsValidator().Validate(null, StorageOptions.Read(configuration));
        return result.Failed ? result.FailureMessage : null;
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net")]
    [InlineData("AccountName=devstoreaccount1;AccountKey=a2V5;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1")]
    public void Validate_UsableConnectionString_Succeeds(string connectionString)
    {
        Assert.Null(Validate(("AzureWebJobsStorage", connectionString)));
    }

    [Fact]
    public void Validate_NothingSet_SaysTheSettingIsMissing()
    {
        Assert.StartsWith("AzureWebJobsStorage is missing", Validate(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "has a part without 'name=value'")]
    [InlineData("UseDevelopmentStorage=false", "the only supported value is 'true'")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct", "neither AccountKey nor SharedAccessSignature")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=s3cr3t!!", "AccountKey that is not valid base64")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;Colour=blue", "unknown setting 'Colour'")]
    public void Validate_MalformedConnectionString_NamesSettingWithoutEchoingSecrets(string connectionString, string expected)
    {
        var message = Validate(("AzureWebJobsStorage", connectionString));

        Assert.StartsWith("AzureWebJobsStorage is malformed: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdentityBasedEndpoints_Succeed()
    {
        Assert.Null(Validate(
            ("AzureWebJobsStorage:queueServiceUri", "https://acct.queue.core.windows.net"),
            ("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.windows.net"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));
    }

    [Fact]
    public void Validate_IdentityBasedWithoutTableUri_NamesTheMissingSetting()
    {
        var message = Validate(("AzureWebJobsStorage:queueServiceUri", "https://acct.queue.core.windows.net"));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri is missing", message, StringComparison.Ordinal);
    }
}
