using System.Net.Http.Headers;
using k8s.Authentication;

namespace GitOps.Kubernetes.Authentication;

/// <summary>A bearer token source that can be told the server rejected its token, so the next request gets a fresh one.</summary>
public interface IRenewableTokenProvider : ITokenProvider
{
    /// <summary>Forgets the current token (after a 401).</summary>
    void Renew();
}

/// <summary>
/// Wraps one of KubernetesClient's token providers (exec plugin, token file) and replaces it with a new one after a 401:
/// a new <see cref="ExecTokenProvider"/> runs the plugin again, a new <see cref="TokenFileAuth"/> reads the file again.
/// </summary>
internal sealed class RenewingTokenProvider(ITokenProvider initial, Func<ITokenProvider> renew) : IRenewableTokenProvider
{
    private volatile ITokenProvider _current = initial;

    /// <inheritdoc />
    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        _current.GetAuthenticationHeaderAsync(cancellationToken);

    /// <inheritdoc />
    public void Renew() => _current = renew();
}
