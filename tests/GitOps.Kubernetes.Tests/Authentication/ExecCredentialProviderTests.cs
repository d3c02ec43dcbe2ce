using System.Text.Json.Nodes;
using GitOps.Kubernetes.Authentication;
using GitOps.Kubernetes.Configuration.Kubeconfig;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Authentication;

public sealed class ExecCredentialProviderTests : IDisposable
{
    private readonly FixtureDirectory _fixtures = new();

    // The fixture plugin's tokens expire at 2030-01-01T00:00:00Z.
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero));

    public void Dispose() => _fixtures.Dispose();

    private ExecCredentialProvider Provider(string scenario) =>
        Assert.IsType<ExecCredentialProvider>(KubeconfigResolver.Resolve(_fixtures.Kubeconfig(scenario), null, _clock).Credentials);

    private int Runs => File.Exists(_fixtures.PathOf("exec-count")) ? int.Parse(_fixtures.Read("exec-count").Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Theory]
    [InlineData("exec-v1", "client.authentication.k8s.io/v1")]
    [InlineData("exec-v1beta1", "client.authentication.k8s.io/v1beta1")]
    public async Task GetToken_Plugin_ReturnsTokenAndPassesExecInfoWithClusterAndArgsAndEnv(string scenario, string apiVersion)
    {
        using var provider = Provider(scenario);

        var token = await provider.GetTokenAsync(default);

        Assert.Equal("exec-token-1", token);
        var info = JsonNode.Parse(_fixtures.Read("exec-info.json"))!;
        Assert.Equal(apiVersion, (string?)info["apiVersion"]);
        Assert.Equal("ExecCredential", (string?)info["kind"]);
        Assert.False((bool?)info["spec"]!["interactive"]);
        Assert.Equal("https://127.0.0.1:6443", (string?)info["spec"]!["cluster"]!["server"]);
        Assert.NotNull((string?)info["spec"]!["cluster"]!["certificate-authority-data"]);
    }

    [Fact]
    public async Task GetToken_BeforeExpiry_UsesCachedCredential()
    {
        using var provider = Provider("exec-v1");

        Assert.Equal("exec-token-1", await provider.GetTokenAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal("exec-token-1", await provider.GetTokenAsync(default));

        Assert.Equal(1, Runs);
    }

    [Fact]
    public async Task GetToken_NearExpiry_RunsPluginAgain()
    {
        using var provider = Provider("exec-v1");
        Assert.Equal("exec-token-1", await provider.GetTokenAsync(default));

        _clock.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(40));

        Assert.Equal("exec-token-2", await provider.GetTokenAsync(default));
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task GetToken_AfterInvalidate_RunsPluginAgain()
    {
        using var provider = Provider("exec-v1");
        await provider.GetTokenAsync(default);

        provider.Invalidate();

        Assert.Equal("exec-token-2", await provider.GetTokenAsync(default));
    }

    [Fact]
    public async Task GetToken_ConcurrentCallers_ShareOneRun()
    {
        using var provider = Provider("exec-v1");

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetTokenAsync(default).AsTask()));

        Assert.All(tokens, t => Assert.Equal("exec-token-1", t));
        Assert.Equal(1, Runs);
    }

    [Fact]
    public async Task GetToken_MissingCommand_FailsWithInstallHint()
    {
        using var provider = Provider("exec-missing-command");

        var error = await Assert.ThrowsAsync<KubernetesCredentialException>(() => provider.GetTokenAsync(default).AsTask());

        Assert.Contains("gitops-no-such-credential-plugin", error.Message, StringComparison.Ordinal);
        Assert.Contains("kubelogin is required", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task GetToken_PluginFails_ReportsExitCodeAndStderr()
    {
        using var provider = Provider("exec-failing");

        var error = await Assert.ThrowsAsync<KubernetesCredentialException>(() => provider.GetTokenAsync(default).AsTask());

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("login required", error.Message, StringComparison.Ordinal);
        Assert.Contains("exec-user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_PluginHangs_TimesOutWithClearError()
    {
        using var provider = new ExecCredentialProvider(new ExecPluginSpec
        {
            ApiVersion = "client.authentication.k8s.io/v1",
            Command = _fixtures.PathOf("exec-plugin.sh"),
            Args = ["hang"],
            UserName = "slow-user",
            Timeout = TimeSpan.FromSeconds(1),
        }, _clock);

        var error = await Assert.ThrowsAsync<KubernetesCredentialException>(() => provider.GetTokenAsync(default).AsTask());

        Assert.Contains("did not finish within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_WrongApiVersionPrinted_FailsNamingBothVersions()
    {
        using var provider = new ExecCredentialProvider(new ExecPluginSpec
        {
            ApiVersion = "client.authentication.k8s.io/v1",
            Command = _fixtures.PathOf("exec-plugin.sh"),
            Args = ["tok"],
            Env = [new("EXEC_API_VERSION", "client.authentication.k8s.io/v1beta1")],
            UserName = "u",
        }, _clock);

        var error = await Assert.ThrowsAsync<KubernetesCredentialException>(() => provider.GetTokenAsync(default).AsTask());

        Assert.Contains("'client.authentication.k8s.io/v1beta1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'client.authentication.k8s.io/v1'", error.Message, StringComparison.Ordinal);
    }
}
