using Azure.Core;
using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Authentication;

public sealed class AksTokenProviderTests
{
    /// <summary>Stands in for Entra ID: hands out numbered tokens valid for one hour and records the scopes asked for.</summary>
    private sealed class FakeCredential(TimeProvider clock) : TokenCredential
    {
        public List<string[]> Requests { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(requestContext.Scopes);
                return new AccessToken($"entra-{Requests.Count}", clock.GetUtcNow().AddHours(1));
            }
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    [Fact]
    public async Task GetToken_RequestsTheAksScope()
    {
        var clock = new ManualTimeProvider();
        var credential = new FakeCredential(clock);
        using var provider = new AksTokenProvider(credential, clock);

        Assert.Equal("entra-1", await provider.GetTokenAsync(default));

        Assert.Equal(["6dae42f8-4368-4678-94ff-3960e28e3630/.default"], Assert.Single(credential.Requests));
    }

    [Fact]
    public async Task GetToken_WellBeforeExpiry_ReusesToken()
    {
        var clock = new ManualTimeProvider();
        var credential = new FakeCredential(clock);
        using var provider = new AksTokenProvider(credential, clock);
        await provider.GetTokenAsync(default);

        clock.Advance(TimeSpan.FromMinutes(50));

        Assert.Equal("entra-1", await provider.GetTokenAsync(default));
        Assert.Single(credential.Requests);
    }

    [Fact]
    public async Task GetToken_WithinFiveMinutesOfExpiry_RefreshesBeforeItExpires()
    {
        var clock = new ManualTimeProvider();
        var credential = new FakeCredential(clock);
        using var provider = new AksTokenProvider(credential, clock);
        await provider.GetTokenAsync(default);

        clock.Advance(TimeSpan.FromMinutes(56));

        Assert.Equal("entra-2", await provider.GetTokenAsync(default));
        Assert.Equal(2, credential.Requests.Count);
    }

    [Fact]
    public async Task GetToken_ConcurrentCallers_ShareOneRequest()
    {
        var clock = new ManualTimeProvider();
        var credential = new FakeCredential(clock);
        using var provider = new AksTokenProvider(credential, clock);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => provider.GetTokenAsync(default).AsTask())));

        Assert.All(tokens, t => Assert.Equal("entra-1", t));
        Assert.Single(credential.Requests);
    }
}
