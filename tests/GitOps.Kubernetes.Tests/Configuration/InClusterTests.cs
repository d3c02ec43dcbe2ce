using System.Reflection;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Tests.Support;
using k8s;

namespace GitOps.Kubernetes.Tests.Configuration;

/// <summary>
/// Auth 'incluster' through KubernetesClient's in-cluster configuration, with service-account files from the fixtures.
/// KubernetesClient reads them from a fixed folder, held in an internal field: the test points that field at its own
/// copy, and sets the service host variables a pod gets.
/// </summary>
[Collection(nameof(InClusterTests))]
public sealed class InClusterTests : IDisposable
{
    private static readonly FieldInfo ServiceAccountPath = typeof(KubernetesClientConfiguration)
        .GetField("ServiceAccountPath", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException("KubernetesClient no longer has KubernetesClientConfiguration.ServiceAccountPath");

    private readonly FixtureDirectory _fixtures = new();
    private readonly string _previousPath = (string)ServiceAccountPath.GetValue(null)!;

    public void Dispose()
    {
        ServiceAccountPath.SetValue(null, _previousPath);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", null);
        _fixtures.Dispose();
    }

    [Fact]
    public async Task ServiceAccountFiles_GiveServiceHostCaNamespaceAndARotatingToken()
    {
        var account = Directory.CreateDirectory(_fixtures.PathOf("serviceaccount")).FullName;
        File.Copy(_fixtures.PathOf("certs/ca.crt"), Path.Combine(account, "ca.crt"));
        File.WriteAllText(Path.Combine(account, "token"), "sa-token-1\n");
        File.WriteAllText(Path.Combine(account, "namespace"), "gitops-system");
        ServiceAccountPath.SetValue(null, account);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");

        var configuration = ClusterConfigurationBuilder.Build("pod", new ClusterConnectionOptions { Auth = AuthModes.InCluster }, TimeProvider.System);

        Assert.Equal(new Uri("https://10.0.0.1:443"), new Uri(configuration.Client.Host));
        Assert.Equal("gitops-system", configuration.Client.Namespace);
        Assert.Equal("CN=fixture-ca", Assert.Single(configuration.Client.SslCaCerts).Subject);
        Assert.Equal("sa-token-1", (await configuration.Client.TokenProvider.GetAuthenticationHeaderAsync(default)).Parameter);
        File.WriteAllText(Path.Combine(account, "token"), "sa-token-2\n");
        configuration.Credentials!.Renew();
        Assert.Equal("sa-token-2", (await configuration.Client.TokenProvider.GetAuthenticationHeaderAsync(default)).Parameter);
    }

    [Fact]
    public void OutsideAPod_FailsNamingTheVariables()
    {
        ServiceAccountPath.SetValue(null, _fixtures.PathOf("no-such-folder"));

        var error = Assert.Throws<KubernetesConfigurationException>(() => ClusterConfigurationBuilder.Build("pod", new ClusterConnectionOptions { Auth = AuthModes.InCluster }, TimeProvider.System));

        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }
}
