namespace GitOps.Kubernetes.Authentication;

/// <summary>A fixed bearer token from settings or a kubeconfig.</summary>
public sealed class StaticTokenProvider(string token) : IAccessTokenProvider
{
    private readonly string _token = string.IsNullOrWhiteSpace(token) ? throw new ArgumentException("token is empty", nameof(token)) : token.Trim();

    /// <inheritdoc />
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_token);

    /// <inheritdoc />
    public void Invalidate()
    {
        // A fixed token cannot be refreshed.
    }
}
