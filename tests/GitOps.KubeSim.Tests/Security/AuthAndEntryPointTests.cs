using System.Net;
using System.Text.Json.Nodes;
using GitOps.Testing.KubeSim;

namespace GitOps.KubeSim.Tests.Security;

/// <summary>Bearer tokens, HTTPS with a generated CA, client certificates, kubeconfig and the process entry point.</summary>
public sealed class AuthAndEntryPointTests
{
    [Fact]
    public async Task Https_WithTokenKubeconfig_KubectlWorksAndAnonymousGets401()
    {
        await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { UseHttps = true });
        using var anonymous = sim.CreateHttpClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        var kubectl = (await sim.KubectlAsync("get", "namespaces", "-o", "name")).EnsureSuccess();
        using var response = await anonymous.GetAsync("/api/v1/namespaces");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("https", sim.Server.BaseUri.Scheme);
        Assert.Contains("certificate-authority-data:", await File.ReadAllTextAsync(sim.KubeconfigPath), StringComparison.Ordinal);
        Assert.Contains("namespace/default", kubectl.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", (string?)status["reason"]);
        Assert.Equal(401, (int)status["code"]!);
    }

    [Fact]
    public async Task Https_WithClientCertificateKubeconfig_KubectlWorks()
    {
        await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { UseHttps = true, ClientCertificateAuth = true });

        var kubectl = (await sim.KubectlAsync("get", "namespaces", "-o", "name")).EnsureSuccess();

        var config = await File.ReadAllTextAsync(sim.KubeconfigPath);
        Assert.Contains("client-certificate-data:", config, StringComparison.Ordinal);
        Assert.DoesNotContain("token:", config, StringComparison.Ordinal);
        Assert.Contains("namespace/default", kubectl.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_WrongToken_IsRejected()
    {
        await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { UseHttps = true, BearerToken = "right" });
        using var client = sim.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");

        using var response = await client.GetAsync("/api");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RunAsync_ServesWritesKubeconfigAndStopsOnCancel()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kubesim-run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var kubeconfig = Path.Combine(directory, "config");
        using var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = KubeSimServer.RunAsync(["--port", "0", "--https", "--kubeconfig", kubeconfig], TextWriter.Synchronized(output), stop.Token);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!File.Exists(kubeconfig) && !run.IsCompleted)
        {
            await Task.Delay(20, deadline.Token);
        }

        var text = await File.ReadAllTextAsync(kubeconfig, deadline.Token);
        var server = text.Split('\n').Single(l => l.Contains("server:", StringComparison.Ordinal)).Trim();
        await stop.CancelAsync();
        var exit = await run.WaitAsync(deadline.Token);
        Directory.Delete(directory, true);

        Assert.StartsWith("server: https://127.0.0.1:", server, StringComparison.Ordinal);
        Assert.Contains("kubesim listening on https://127.0.0.1:", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, exit);
    }
}
