using Azure.Core;
using GitOps.Storage.Errors;
using GitOps.Storage.Pipeline;
using GitOps.Testing.Azurite;

namespace GitOps.Storage.Tests.Pipeline;

public sealed class PipelineTests
{
    private static StorageClientOptions FastRetries(int maxRetries = 3)
    {
        var options = new StorageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxRetries = maxRetries;
        return options;
    }

    private static StorageAccount SharedKeyAccount(Uri endpoint, StorageClientOptions options) => StorageAccount.FromConnectionString(
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteInstance.AccountName};AccountKey={AzuriteInstance.AccountKey};QueueEndpoint={endpoint};TableEndpoint={endpoint}",
        options);

    [Fact]
    public async Task Send_503ThenCreated_RetriesWithSameRequestIdAndFreshSignature()
    {
        await using var server = LoopbackServer.Start(attempt => attempt == 1 ? 503 : 201);
        var queue = SharedKeyAccount(server.Endpoint, FastRetries()).Queues.GetQueue("retried");

        await queue.CreateIfNotExistsAsync();

        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal("PUT", r.Method));
        Assert.All(requests, r => Assert.Equal("/devstoreaccount1/retried", r.RawUrl));
        Assert.All(requests, r => Assert.Equal(StorageClientOptions.DefaultServiceVersion, r.Headers["x-ms-version"]));
        Assert.All(requests, r => Assert.StartsWith("SharedKey devstoreaccount1:", r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.All(requests, r => Assert.True(DateTimeOffset.TryParse(r.Headers["x-ms-date"], out _)));
        Assert.Equal(requests[0].Headers["x-ms-client-request-id"], requests[1].Headers["x-ms-client-request-id"]);
        Assert.True(Guid.TryParse(requests[0].Headers["x-ms-client-request-id"], out _));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Send_AlwaysRetriableStatus_GivesUpAfterMaxRetriesWithTypedError(int status)
    {
        await using var server = LoopbackServer.Start(_ => status);
        var queue = SharedKeyAccount(server.Endpoint, FastRetries(maxRetries: 2)).Queues.GetQueue("busy");

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => queue.GetApproximateMessageCountAsync());

        Assert.Equal(status, ex.Status);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("busy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ClientError_IsNotRetried()
    {
        await using var server = LoopbackServer.Start(_ => 400);
        var queue = SharedKeyAccount(server.Endpoint, FastRetries()).Queues.GetQueue("bad");

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => queue.SendMessageAsync("x"));

        Assert.Equal((400, "Scripted"), (ex.Status, ex.ErrorCode));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Send_NothingListening_ThrowsTransportErrorWithStatusZeroAfterRetries()
    {
        var closedPort = GitOps.Testing.FreePort.Next();
        var queue = SharedKeyAccount(new Uri($"http://127.0.0.1:{closedPort}/devstoreaccount1"), FastRetries(maxRetries: 1)).Queues.GetQueue("unreachable");

        var ex = await Assert.ThrowsAsync<StorageRequestException>(() => queue.CreateIfNotExistsAsync());

        Assert.Equal(0, ex.Status);
        Assert.Contains($"127.0.0.1:{closedPort}", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
        Assert.DoesNotContain(AzuriteInstance.AccountKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntraId_SendsBearerTokenForStorageScopeOverTls()
    {
        await using var server = TlsLoopbackServer.Start();
        var credential = new RecordingTokenCredential("token-abc");
        var options = FastRetries();
        options.Transport = new Azure.Core.Pipeline.HttpClientTransport(server.TrustingHandler());
        var account = StorageAccount.FromEntraId(server.Endpoint, server.Endpoint, credential, options);

        await account.Queues.GetQueue("withtoken").CreateIfNotExistsAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT /devstoreaccount1/withtoken HTTP/1.1", request[":request"]);
        Assert.Equal("Bearer token-abc", request["Authorization"]);
        Assert.Equal(["https://storage.azure.com/.default"], Assert.Single(credential.Scopes));
        Assert.Equal(StorageClientOptions.DefaultServiceVersion, request["x-ms-version"]);
    }

    [Fact]
    public void EntraId_PlainHttpEndpoint_IsRejectedUpFront()
    {
        var ex = Assert.Throws<ArgumentException>(() => StorageAccount.FromEntraId(new Uri("http://127.0.0.1:1/a"), new Uri("https://x.table.core.windows.net"), new RecordingTokenCredential("t")));

        Assert.Contains("https", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sas_AppendsSignatureToQueryWithoutAuthorizationHeader()
    {
        await using var server = LoopbackServer.Start(_ => 201);
        var account = StorageAccount.FromConnectionString($"QueueEndpoint={server.Endpoint};TableEndpoint={server.Endpoint};SharedAccessSignature=sv=2025-11-05&ss=q&sig=abc%2Bdef");

        await account.Queues.GetQueue("sasqueue").CreateIfNotExistsAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("/devstoreaccount1/sasqueue?sv=2025-11-05&ss=q&sig=abc%2Bdef", request.RawUrl);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    private sealed class RecordingTokenCredential(string token) : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.Add(requestContext.Scopes);
            }

            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
