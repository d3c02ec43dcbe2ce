namespace GitOps.Kubernetes.Authentication;

/// <summary>Supplies the bearer token sent to an API server; implementations cache and refresh it.</summary>
public interface IAccessTokenProvider
{
    /// <summary>The current token; refreshed first when it is missing or about to expire.</summary>
    /// <exception cref="KubernetesCredentialException">The token cannot be obtained.</exception>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Drops the cached token (after a 401) so the next call fetches a fresh one.</summary>
    void Invalidate();
}
