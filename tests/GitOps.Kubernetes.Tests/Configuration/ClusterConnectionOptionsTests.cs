using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;

namespace GitOps.Kubernetes.Tests.Configuration;

public sealed class ClusterConnectionOptionsTests
{
    public static TheoryData<ClusterConnectionOptions, string> BadSettings => new()
    {
        { new ClusterConnectionOptions { Auth = "kubeconfig" }, "Clusters:prod:Kubeconfig is required" },
        { new ClusterConnectionOptions { Auth = "token", Token = "t" }, "Clusters:prod:Server is required" },
        { new ClusterConnectionOptions { Auth = "token", Server = "https://k" }, "Clusters:prod:Token set exactly one of Token or TokenFile" },
        { new ClusterConnectionOptions { Auth = "token", Server = "https://k", Token = "a", TokenFile = "/f" }, "Clusters:prod:Token set exactly one" },
        { new ClusterConnectionOptions { Auth = "token", Server = "k8s.local", Token = "t" }, "Clusters:prod:Server 'k8s.local' is not an absolute http(s) URL" },
        { new ClusterConnectionOptions { Auth = "ldap" }, "Clusters:prod:Auth 'ldap' is not an auth mode" },
        { new ClusterConnectionOptions { Auth = "certificate", Server = "https://k", ClientKeyData = "a2V5" }, "Clusters:prod:ClientCertificateData is required" },
        { new ClusterConnectionOptions { Auth = "azure", Server = "https://k", AzureCredential = "magic" }, "Clusters:prod:AzureCredential 'magic'" },
        { new ClusterConnectionOptions { Auth = "azure", Server = "https://k", AzureCredential = "clientsecret", AzureClientId = "c", AzureTenantId = "t" }, "Clusters:prod:AzureClientSecret is required" },
        { new ClusterConnectionOptions { Auth = "incluster", Qps = -1 }, "Clusters:prod:Qps" },
        { new ClusterConnectionOptions { Auth = "incluster", Burst = 0 }, "Clusters:prod:Burst" },
        { new ClusterConnectionOptions { Auth = "incluster", RequestTimeout = TimeSpan.Zero }, "Clusters:prod:RequestTimeout" },
        { new ClusterConnectionOptions { Auth = "token", Server = "https://k", Token = "t", CertificateAuthorityData = "%%%" }, "Clusters:prod:CertificateAuthorityData is not valid base64" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_NamesClusterAndSetting(ClusterConnectionOptions options, string expected)
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => options.Validate("prod"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CompleteTokenSettings_Passes()
    {
        var options = new ClusterConnectionOptions { Auth = "token", Server = "https://k:6443", Token = "t" };

        options.Validate("prod");

        Assert.Equal(AuthModes.Token, options.Auth);
    }

    [Fact]
    public void Factory_UnknownCluster_FailsNamingConfiguredClusters()
    {
        using var factory = new KubernetesClientFactory(new Dictionary<string, ClusterConnectionOptions>
        {
            ["dev"] = new() { Auth = "token", Server = "http://127.0.0.1:1", Token = "t" },
        });

        var error = Assert.Throws<KubernetesConfigurationException>(() => factory.GetClient("prod"));

        Assert.Contains("cluster 'prod' is not configured (configured: dev)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_InvalidSettings_FailsAtConstruction()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => new KubernetesClientFactory(new Dictionary<string, ClusterConnectionOptions>
        {
            ["edge"] = new() { Auth = "token", Token = "t" },
        }));

        Assert.Contains("Clusters:edge:Server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_SameCluster_ReturnsSameClient()
    {
        using var factory = new KubernetesClientFactory(new Dictionary<string, ClusterConnectionOptions>
        {
            ["dev"] = new() { Auth = "token", Server = "http://127.0.0.1:1", Token = "t" },
        });

        Assert.Same(factory.GetClient("dev"), factory.GetClient("dev"));
        Assert.Equal("dev", factory.GetClient("dev").ClusterName);
    }
}
