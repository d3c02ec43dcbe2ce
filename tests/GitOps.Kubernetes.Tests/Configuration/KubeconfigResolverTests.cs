using System.Security.Cryptography.X509Certificates;
using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Configuration.Kubeconfig;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Configuration;

public sealed class KubeconfigResolverTests : IDisposable
{
    private readonly FixtureDirectory _fixtures = new();
    private readonly ManualTimeProvider _clock = new();

    public void Dispose() => _fixtures.Dispose();

    private ClusterConnection Resolve(string scenario, string? context = null) =>
        KubeconfigResolver.Resolve(_fixtures.Kubeconfig(scenario), context, _clock);

    [Fact]
    public async Task Resolve_TokenWithCaData_ReturnsServerCaTokenAndNamespace()
    {
        var connection = Resolve("token");

        Assert.Equal(new Uri("https://127.0.0.1:6443"), connection.Server);
        Assert.Equal("CN=fixture-ca", Assert.Single(connection.CertificateAuthorities).Subject);
        Assert.Equal("team-a", connection.Namespace);
        Assert.False(connection.InsecureSkipTlsVerify);
        Assert.Null(connection.ClientCertificate);
        Assert.Equal("fixture-token-123", await connection.Credentials!.GetTokenAsync(default));
        Assert.Contains("context 'dev'", connection.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_NamedContext_UsesThatContextInsteadOfCurrent()
    {
        var current = Resolve("multi-context");
        var second = Resolve("multi-context", "second");

        Assert.Equal("one.example", current.Server.Host);
        Assert.True(current.InsecureSkipTlsVerify);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), second.Server);
        Assert.Equal("token-two", await second.Credentials!.GetTokenAsync(default));
    }

    [Fact]
    public async Task Resolve_TokenFile_ReadsRelativeFileAndRereadsAfterInterval()
    {
        var connection = Resolve("tokenfile");
        var provider = Assert.IsType<TokenFileProvider>(connection.Credentials);

        Assert.Equal("file-token-1", await provider.GetTokenAsync(default));
        File.WriteAllText(_fixtures.PathOf("token.txt"), "file-token-2");
        Assert.Equal("file-token-1", await provider.GetTokenAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("file-token-2", await provider.GetTokenAsync(default));
        Assert.Single(connection.CertificateAuthorities);
    }

    [Fact]
    public void Resolve_RsaClientCertificateData_LoadsCertificateWithPrivateKey()
    {
        var certificate = Resolve("clientcert-data-rsa").ClientCertificate;

        Assert.NotNull(certificate);
        Assert.True(certificate.HasPrivateKey);
        using var rsa = certificate.GetRSAPrivateKey();
        Assert.NotNull(rsa);
        Assert.Contains("CN=rsa-user", certificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EcClientCertificateFiles_LoadsCertificateWithPrivateKey()
    {
        var certificate = Resolve("clientcert-file-ec").ClientCertificate;

        Assert.NotNull(certificate);
        using var ec = certificate.GetECDsaPrivateKey();
        Assert.NotNull(ec);
        Assert.Equal("CN=ec-user", certificate.Subject);
    }

    [Fact]
    public void Resolve_InsecureSkipTlsVerify_IsCarriedWithTlsServerName()
    {
        var connection = Resolve("insecure");

        Assert.True(connection.InsecureSkipTlsVerify);
        Assert.Equal("kubernetes.default", connection.TlsServerName);
        Assert.Empty(connection.CertificateAuthorities);
    }

    [Theory]
    [InlineData("missing-context", "has no context 'production'")]
    [InlineData("missing-cluster", "refers to cluster 'ghost'")]
    [InlineData("unreadable-cert", "client-certificate of user 'cert-user'")]
    [InlineData("auth-provider-oidc", "auth-provider 'oidc', which is not supported")]
    [InlineData("auth-provider-some-vendor", "auth-provider 'some-vendor', which is not supported")]
    [InlineData("bad-ca-data", "certificate-authority of cluster 'c'")]
    public void Resolve_BadKubeconfig_FailsWithMessageNamingTheProblem(string scenario, string expected)
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => Resolve(scenario));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"kubeconfig.{scenario}.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnreadableCertificate_KeepsTheIoErrorAsInnerException()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => Resolve("unreadable-cert"));

        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.Contains("does-not-exist.crt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MissingFile_NamesTheFile()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubeconfigResolver.Resolve(_fixtures.PathOf("nope.yaml"), null, _clock));

        Assert.Contains("nope.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidYaml_NamesTheSourceAndLine()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubeconfigLoader.Parse("clusters: [\n  - name: x\n  bad", "inline.yaml"));

        Assert.Contains("inline.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("line", error.Message, StringComparison.Ordinal);
    }
}
