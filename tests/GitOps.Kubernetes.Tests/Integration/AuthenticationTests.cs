using System.Text;
using Azure.Core;
using GitOps.KubeSim;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Kubernetes.Tests.Support;

namespace GitOps.Kubernetes.Tests.Integration;

/// <summary>HTTPS with CA data, bearer tokens, client certificates, exec plugins and Entra ID against the simulator.</summary>
public sealed class AuthenticationTests : IDisposable
{
    private static readonly ApplyOptions Apply = new("gitops-functions");
    private readonly FixtureDirectory _fixtures = new();

    public void Dispose() => _fixtures.Dispose();

    [Fact]
    public async Task Https_BearerTokenAndCaDataFromKubeconfig_Works()
    {
        await using var sim = await SimCluster.StartAsync(new KubeSimOptions { UseHttps = true });

        await sim.Client.ApplyAsync(SimCluster.ConfigMap("secure"), Apply);

        Assert.StartsWith("https://", sim.Client.Configuration.Client.Host, StringComparison.Ordinal);
        Assert.NotNull(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "secure"));
    }

    [Fact]
    public async Task Https_ClientCertificateFromKubeconfig_Works()
    {
        await using var sim = await SimCluster.StartAsync(new KubeSimOptions { UseHttps = true, ClientCertificateAuth = true });

        await sim.Client.ApplyAsync(SimCluster.ConfigMap("mtls"), Apply);

        Assert.NotNull(sim.Client.Configuration.Client.ClientCertificateData);
        Assert.Null(sim.Client.Configuration.Client.TokenProvider);
        Assert.Equal(1, sim.Server.Requests.Count("apply", "configmaps"));
    }

    [Fact]
    public async Task Https_WrongToken_FailsUnauthorized()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true });
        using var client = KubernetesClient.Create("wrong-token", new ClusterConnectionOptions
        {
            Auth = AuthModes.Token,
            Server = server.BaseUri.ToString(),
            CertificateAuthorityData = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.CertificateAuthorityPem!)),
            Token = "not-the-token",
        });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetResourceAsync(SimCluster.ConfigMapKind));

        Assert.Equal(401, error.Code);
        Assert.True(error.IsUnauthorized);
    }

    [Fact]
    public async Task Https_UntrustedCa_FailsWithoutRetrying()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true });
        using var client = KubernetesClient.Create("untrusted", new ClusterConnectionOptions
        {
            Auth = AuthModes.Token,
            Server = server.BaseUri.ToString(),
            CertificateAuthority = _fixtures.PathOf("certs/ca.crt"),
            Token = server.Token,
        });

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetResourceAsync(SimCluster.ConfigMapKind));

        Assert.True(error.IsTransportError);
        Assert.Equal(0, server.Requests.Total);
    }

    [Fact]
    public async Task Https_InsecureSkipTlsVerify_AcceptsUnknownCa()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true });
        using var client = KubernetesClient.Create("insecure", new ClusterConnectionOptions
        {
            Auth = AuthModes.Token,
            Server = server.BaseUri.ToString(),
            InsecureSkipTlsVerify = true,
            Token = server.Token,
        });

        Assert.Equal("configmaps", (await client.GetResourceAsync(SimCluster.ConfigMapKind)).Plural);
    }

    [Fact]
    public async Task Https_TokenFile_IsSent()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true });
        File.WriteAllText(_fixtures.PathOf("sim-token"), server.Token + "\n");
        using var client = KubernetesClient.Create("token-file", new ClusterConnectionOptions
        {
            Auth = AuthModes.Token,
            Server = server.BaseUri.ToString(),
            CertificateAuthorityData = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.CertificateAuthorityPem!)),
            TokenFile = _fixtures.PathOf("sim-token"),
        });

        await client.ApplyAsync(SimCluster.ConfigMap("from-file"), Apply);

        Assert.Equal(1, server.Requests.Count("apply", "configmaps"));
    }

    [Fact]
    public async Task Https_KubeconfigTokenFileRotated_IsReadAgainAfterA401()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true });
        File.WriteAllText(_fixtures.PathOf("token.txt"), "rotated-away\n");
        var kubeconfig = WithServer(File.ReadAllText(_fixtures.Kubeconfig("tokenfile")), server)
            .Replace("certificate-authority: certs/ca.crt", "certificate-authority-data: " + CaData(server), StringComparison.Ordinal);
        var path = _fixtures.PathOf("kubeconfig.sim-tokenfile.yaml");
        File.WriteAllText(path, kubeconfig);
        using var client = KubernetesClient.Create("token-file-rotates", new ClusterConnectionOptions { Kubeconfig = path });
        using var metrics = new MetricsRecorder(client.ClusterName);
        // The client has read the file (and keeps its token for a minute); then the token rotates.
        await client.Configuration.Client.TokenProvider.GetAuthenticationHeaderAsync(default);
        File.WriteAllText(_fixtures.PathOf("token.txt"), server.Token + "\n");

        await client.ApplyAsync(SimCluster.ConfigMap("rotated-file"), Apply);

        Assert.Equal(1, metrics.Count("discovery v1 401"));
        Assert.Equal(1, server.Requests.Count("apply", "configmaps"));
    }

    [Fact]
    public async Task Https_ExecPluginToken_IsSentAndPluginRunsOnce()
    {
        // The fixture plugin's first token is "exec-token-1": make that the server's token.
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true, BearerToken = "exec-token-1" });
        using var client = KubernetesClient.Create("exec", new ClusterConnectionOptions { Kubeconfig = ExecKubeconfigFor(server) });

        await client.ApplyAsync(SimCluster.ConfigMap("exec-one"), Apply);
        await client.ApplyAsync(SimCluster.ConfigMap("exec-two"), Apply);

        Assert.Equal(2, server.Requests.Count("apply", "configmaps"));
        Assert.Equal("1", _fixtures.Read("exec-count").Trim());
    }

    [Fact]
    public async Task Https_ExecPluginTokenRejected_RunsPluginAgainAndRetriesOnce()
    {
        // The plugin's first token is "exec-token-1"; the server only accepts the second one.
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true, BearerToken = "exec-token-2" });
        using var client = KubernetesClient.Create("exec-rotated", new ClusterConnectionOptions { Kubeconfig = ExecKubeconfigFor(server) });

        await client.ApplyAsync(SimCluster.ConfigMap("rotated"), Apply);

        Assert.Equal("2", _fixtures.Read("exec-count").Trim());
        Assert.Equal(1, server.Requests.Count("apply", "configmaps"));
    }

    [Fact]
    public async Task Https_DroppedConnection_GetRetriedCreateNot()
    {
        await using var sim = await SimCluster.StartAsync(new KubeSimOptions { UseHttps = true });
        await sim.Client.ApplyAsync(SimCluster.ConfigMap("h2"), Apply);
        sim.Server.Requests.Reset();
        sim.Server.Faults.Add(new GitOps.KubeSim.Faults.FaultRule { Kind = GitOps.KubeSim.Faults.FaultKind.Abort, Verb = "get", MaxCount = 1 });
        sim.Server.Faults.Add(new GitOps.KubeSim.Faults.FaultRule { Kind = GitOps.KubeSim.Faults.FaultKind.Abort, Verb = "create", MaxCount = 1 });

        Assert.NotNull(await sim.Client.GetAsync(SimCluster.ConfigMapKind, "default", "h2"));
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => sim.Client.CreateAsync(SimCluster.ConfigMap("h2-new")));

        Assert.True(error.IsTransportError);
        Assert.Equal(2, sim.Server.Requests.Count("get", "configmaps"));
        Assert.Equal(1, sim.Server.Requests.Count("create", "configmaps"));
    }

    private static string WithServer(string kubeconfig, KubeSimServer server) =>
        kubeconfig.Replace("https://127.0.0.1:6443", server.BaseUri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    private static string CaData(KubeSimServer server) => Convert.ToBase64String(Encoding.UTF8.GetBytes(server.CertificateAuthorityPem!));

    private string ExecKubeconfigFor(KubeSimServer server)
    {
        var kubeconfig = WithServer(File.ReadAllText(_fixtures.Kubeconfig("exec-v1")), server);
        kubeconfig = System.Text.RegularExpressions.Regex.Replace(kubeconfig, "certificate-authority-data: .*", "certificate-authority-data: " + CaData(server));
        var path = _fixtures.PathOf("kubeconfig.sim-exec.yaml");
        File.WriteAllText(path, kubeconfig);
        return path;
    }

    [Fact]
    public async Task Https_EntraIdThroughFactory_SendsAksScopedToken()
    {
        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { UseHttps = true });
        var credential = new StaticCredential(server.Token);
        using var factory = new KubernetesClientFactory(new Dictionary<string, ClusterConnectionOptions>
        {
            ["aks"] = new()
            {
                Auth = AuthModes.Azure,
                Server = server.BaseUri.ToString(),
                CertificateAuthorityData = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.CertificateAuthorityPem!)),
                AzureCredential = AzureCredentialKinds.ManagedIdentity,
                AzureClientId = "00000000-0000-0000-0000-000000000001",
            },
        }, azureCredentials: _ => credential);

        await factory.GetClient("aks").ApplyAsync(SimCluster.ConfigMap("entra"), Apply);

        Assert.Equal(1, server.Requests.Count("apply", "configmaps"));
        Assert.All(credential.Scopes, s => Assert.Equal(["6dae42f8-4368-4678-94ff-3960e28e3630/.default"], s));
        Assert.Single(credential.Scopes);
    }

    /// <summary>Stands in for Entra ID: returns the simulator's token for an hour.</summary>
    private sealed class StaticCredential(string token) : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.Add(requestContext.Scopes);
            }

            return new AccessToken(token, TimeProvider.System.GetUtcNow().AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
