using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;

namespace GitOps.Kubernetes.Authentication;

/// <summary>
/// Entra ID tokens for AKS, as KubernetesClient's token provider: requests the AKS server app's ".default" scope and
/// refreshes before expiry.
/// </summary>
public sealed class AksTokenProvider(TokenCredential credential, TimeProvider timeProvider, string serverId = Configuration.ClusterConnectionOptions.AksServerId) : IRenewableTokenProvider, IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _cached;

    /// <summary>How long before ExpiresOn a token is replaced (when the credential gives no RefreshOn).</summary>
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The scope requested: "{serverId}/.default".</summary>
    public string Scope { get; } = $"{serverId}/.default";

    /// <inheritdoc />
    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        new("Bearer", await GetTokenAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The current token; refreshed first when it is missing or about to expire.</summary>
    /// <exception cref="KubernetesCredentialException">The token cannot be obtained.</exception>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } token)
        {
            return token;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(_cached) is { } refreshed)
            {
                return refreshed;
            }

            AccessToken accessToken;
            try
            {
                accessToken = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialUnavailableException e)
            {
                throw new KubernetesCredentialException($"Entra ID credential {credential.GetType().Name} is unavailable: {e.Message}", e);
            }
            catch (AuthenticationFailedException e)
            {
                throw new KubernetesCredentialException($"Entra ID token for scope '{Scope}' could not be obtained with {credential.GetType().Name}: {e.Message}", e);
            }

            var refreshAt = accessToken.RefreshOn ?? accessToken.ExpiresOn - RefreshBeforeExpiry;
            _cached = new CachedToken(accessToken.Token, refreshAt);
            return accessToken.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Renew() => _cached = null;

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    private string? Fresh(CachedToken? cached) =>
        cached is not null && timeProvider.GetUtcNow() < cached.RefreshAt ? cached.Token : null;

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
