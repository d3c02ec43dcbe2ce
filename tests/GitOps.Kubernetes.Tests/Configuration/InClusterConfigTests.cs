using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Configuration;

public sealed class InClusterConfigTests : IDisposable
{
    private readonly FixtureDirectory _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public async Task Resolve_ServiceAccountFiles_UsesServiceHostTokenCaAndNamespace()
    {
        var account = Directory.CreateDirectory(_fixtures.PathOf("serviceaccount")).FullName;
        File.Copy(_fixtures.PathOf("certs/ca.crt"), Path.Combine(account, "ca.crt"));
        File.WriteAllText(Path.Combine(account, "token"), "sa-token\n");
        File.WriteAllText(Path.Combine(account, "namespace"), "gitops-system");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var connection = InClusterConfig.Resolve(new ManualTimeProvider(), account, name => env.GetValueOrDefault(name));

        Assert.Equal(new Uri("https://10.0.0.1:443"), connection.Server);
        Assert.Equal("gitops-system", connection.Namespace);
        Assert.Single(connection.CertificateAuthorities);
        Assert.Equal("sa-token", await connection.Credentials!.GetTokenAsync(default));
    }

    [Fact]
    public void Resolve_OutsideAPod_FailsNamingTheVariables()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => InClusterConfig.Resolve(new ManualTimeProvider(), _fixtures.Root, _ => null));

        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }
}
