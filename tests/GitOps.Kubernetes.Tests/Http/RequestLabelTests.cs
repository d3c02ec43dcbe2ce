using GitOps.Kubernetes.Http;

namespace GitOps.Kubernetes.Tests.Http;

/// <summary>The verb and resource read from a request, behind a server path prefix too; only a POST is not idempotent.</summary>
public sealed class RequestLabelTests
{
    [Theory]
    [InlineData("GET", "https://k/api/v1/namespaces/a/configmaps/x", "get", "configmaps")]
    [InlineData("GET", "https://k/apis/apps/v1/deployments", "list", "deployments")]
    [InlineData("POST", "https://k/api/v1/namespaces/a/secrets", "create", "secrets")]
    [InlineData("GET", "https://proxy/k8s/clusters/c-1/api/v1/namespaces/a/configmaps/x", "get", "configmaps")]
    [InlineData("DELETE", "https://proxy/k8s/clusters/c-1/apis/apps/v1/namespaces/a/deployments/web", "delete", "deployments")]
    [InlineData("GET", "https://proxy/k8s/clusters/c-1/apis/apps/v1", "discovery", "apps/v1")]
    public void Of_ReadsVerbAndResource(string method, string url, string verb, string resource)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var label = RequestLabel.Of(request);

        Assert.Equal(verb, label.Verb);
        Assert.Equal(resource, label.Resource);
        Assert.Equal(method != "POST", label.Idempotent);
    }
}
