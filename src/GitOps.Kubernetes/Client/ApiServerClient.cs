using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;

namespace GitOps.Kubernetes.Client;

/// <summary>
/// KubernetesClient's client with one addition its generated operations lack: a GET of a discovery document by path
/// (<c>/api</c>, <c>/apis</c>, <c>/apis/{group}/{version}</c>), sent through the same credentials and handler chain.
/// </summary>
internal sealed class ApiServerClient(KubernetesClientConfiguration config, DelegatingHandler[] handlers) : k8s.Kubernetes(config, handlers)
{
    /// <summary>The document at <paramref name="path"/>, parsed once into a JsonObject; null when the server answers 404.</summary>
    public async Task<JsonObject?> GetDocumentAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendRequest<object?>(path, HttpMethod.Get, null, null, cancellationToken).ConfigureAwait(false);
            using var result = await CreateResultAsync<JsonObject>(response.RequestMessage!, response, false, cancellationToken).ConfigureAwait(false);
            return result.Body;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
