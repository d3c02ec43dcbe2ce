using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Tests.Support;
using k8s;

namespace GitOps.Kubernetes.Tests.Configuration;

/// <summary>Kubeconfig fixtures and settings resolved through KubernetesClient's configuration.</summary>
public sealed class ClusterConfigurationBuilderTests : IDisposable
{
    private readonly FixtureDirectory _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    private ClusterConfiguration Build(string scenario, string? context = null) =>
        ClusterConfigurationBuilder.Build("c1", new ClusterConnectionOptions { Kubeconfig = _fixtures.Kubeconfig(scenario), Context = context }, TimeProvider.System);

    private static async Task<string?> TokenAsync(ClusterConfiguration configuration) =>
        configuration.Client.TokenProvider is { } provider
            ? (await provider.GetAuthenticationHeaderAsync(default)).Parameter
            : configuration.Client.AccessToken;

    [Fact]
    public async Task Kubeconfig_TokenWithCaData_GivesServerCaTokenAndNamespace()
    {
        var configuration = Build("token");

        Assert.Equal("https://127.0.0.1:6443", configuration.Client.Host);
        Assert.Equal("CN=fixture-ca", Assert.Single(configuration.Client.SslCaCerts).Subject);
        Assert.Equal("team-a", configuration.Client.Namespace);
        Assert.False(configuration.Client.SkipTlsVerify);
        Assert.Null(configuration.Client.ClientCertificateData);
        Assert.Equal("fixture-token-123", await TokenAsync(configuration));
        Assert.Null(configuration.Credentials);
        Assert.Contains("context 'dev'", configuration.Source, StringComparison.Ordinal);
        Assert.Equal(Timeout.InfiniteTimeSpan, configuration.Client.HttpClientTimeout);
    }

    [Fact]
    public async Task Kubeconfig_NamedContext_UsesThatContextInsteadOfCurrent()
    {
        var current = Build("multi-context");
        var second = Build("multi-context", "second");

        Assert.Contains("one.example", current.Client.Host, StringComparison.Ordinal);
        Assert.True(current.Client.SkipTlsVerify);
        Assert.Equal("http://127.0.0.1:8080", second.Client.Host);
        Assert.Equal("token-two", await TokenAsync(second));
    }

    [Fact]
    public async Task Kubeconfig_TokenFile_ReadsTheRelativeFileAndReadsItAgainWhenRenewed()
    {
        var configuration = Build("tokenfile");

        Assert.Equal("file-token-1", await TokenAsync(configuration));
        File.WriteAllText(_fixtures.PathOf("token.txt"), "file-token-2\n");
        configuration.Credentials!.Renew();

        Assert.Equal("file-token-2", await TokenAsync(configuration));
        Assert.Single(configuration.Client.SslCaCerts);
    }

    [Fact]
    public async Task Kubeconfig_ExecPlugin_RunsOnceWhenBuiltAndAgainOnlyWhenRenewed()
    {
        var configuration = Build("exec-v1");

        Assert.Equal("exec-token-1", await TokenAsync(configuration));
        Assert.Equal("exec-token-1", await TokenAsync(configuration));
        Assert.Equal("1", _fixtures.Read("exec-count").Trim());
        configuration.Credentials!.Renew();

        Assert.Equal("exec-token-2", await TokenAsync(configuration));
        Assert.Contains("client.authentication.k8s.io/v1", _fixtures.Read("exec-info.json"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clientcert-data-rsa", "CN=rsa-user")]
    [InlineData("clientcert-file-ec", "CN=ec-user")]
    public void Kubeconfig_ClientCertificate_LoadsCertificateWithPrivateKey(string scenario, string subject)
    {
        using var certificate = ClientCertificate(Build(scenario).Client);

        Assert.True(certificate.HasPrivateKey);
        Assert.Contains(subject, certificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubeconfig_InsecureSkipTlsVerify_IsCarriedWithTlsServerName()
    {
        var configuration = Build("insecure");

        Assert.True(configuration.Client.SkipTlsVerify);
        Assert.Equal("kubernetes.default", configuration.Client.TlsServerName);
        Assert.Null(configuration.Client.SslCaCerts);
    }

    [Theory]
    [InlineData("missing-context")]
    [InlineData("missing-cluster")]
    [InlineData("unreadable-cert")]
    [InlineData("auth-provider-some-vendor")]
    [InlineData("bad-ca-data")]
    [InlineData("exec-failing")]
    public void Kubeconfig_Unusable_FailsNamingTheCluster(string scenario)
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubernetesClient.Create("c1", new ClusterConnectionOptions { Kubeconfig = _fixtures.Kubeconfig(scenario) }));

        Assert.StartsWith("Clusters:c1: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Kubeconfig_MissingFile_NamesTheFile()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => ClusterConfigurationBuilder.Build(
            "c1", new ClusterConnectionOptions { Kubeconfig = _fixtures.PathOf("nope.yaml") }, TimeProvider.System));

        Assert.Contains("nope.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_TokenFile_IsReadAgainWhenRenewed()
    {
        var configuration = ClusterConfigurationBuilder.Build("c1", new ClusterConnectionOptions
        {
            Auth = AuthModes.Token,
            Server = "https://10.0.0.1",
            CertificateAuthority = _fixtures.PathOf("certs/ca.crt"),
            TokenFile = _fixtures.PathOf("token.txt"),
        }, TimeProvider.System);

        Assert.Equal("file-token-1", await TokenAsync(configuration));
        File.WriteAllText(_fixtures.PathOf("token.txt"), "file-token-2");
        configuration.Credentials!.Renew();

        Assert.Equal("file-token-2", await TokenAsync(configuration));
        Assert.Equal("CN=fixture-ca", Assert.Single(configuration.Client.SslCaCerts).Subject);
    }

    [Fact]
    public void Settings_ClientCertificate_LoadsCertificateWithPrivateKey()
    {
        var configuration = ClusterConfigurationBuilder.Build("c1", new ClusterConnectionOptions
        {
            Auth = AuthModes.Certificate,
            Server = "https://10.0.0.1",
            InsecureSkipTlsVerify = true,
            ClientCertificateData = Base64(_fixtures.Read("certs/client-rsa.crt")),
            ClientKeyData = Base64(_fixtures.Read("certs/client-rsa.key")),
        }, TimeProvider.System);

        using var certificate = ClientCertificate(configuration.Client);
        Assert.True(certificate.HasPrivateKey);
        Assert.Null(configuration.Client.TokenProvider);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    // The certificate and key as KubernetesClient will load them, from data or from files.
    private static X509Certificate2 ClientCertificate(KubernetesClientConfiguration client) => X509Certificate2.CreateFromPem(
        client.ClientCertificateData is { } cert ? Encoding.UTF8.GetString(Convert.FromBase64String(cert)) : File.ReadAllText(client.ClientCertificateFilePath),
        client.ClientCertificateKeyData is { } key ? Encoding.UTF8.GetString(Convert.FromBase64String(key)) : File.ReadAllText(client.ClientKeyFilePath));
}
