namespace GitOps.Kubernetes.Authentication;

/// <summary>A bearer token read from a file and re-read periodically (projected service-account tokens rotate).</summary>
public sealed class TokenFileProvider(string path, TimeProvider timeProvider, TimeSpan? reloadInterval = null) : IAccessTokenProvider
{
    private readonly TimeSpan _reloadInterval = reloadInterval ?? TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    /// <summary>The token file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc />
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_token is not null && now - _readAt < _reloadInterval)
            {
                return _token;
            }
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesCredentialException($"cannot read token file '{Path}': {e.Message}", e);
        }

        var token = text.Trim();
        if (token.Length == 0)
        {
            throw new KubernetesCredentialException($"token file '{Path}' is empty");
        }

        lock (_gate)
        {
            _token = token;
            _readAt = now;
        }

        return token;
    }

    /// <inheritdoc />
    public void Invalidate()
    {
        lock (_gate)
        {
            _token = null;
        }
    }
}
