using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using GitOps.KubeSim;

namespace GitOps.Testing.KubeSim;

/// <summary>
/// A simulator started for one test: its own temp folder, kubeconfig and kubectl cache, a real kubectl
/// runner and an HttpClient that trusts the server and sends its token.
/// </summary>
public sealed class KubeSimInstance : IAsyncDisposable
{
    private static readonly TimeSpan KubectlTimeout = TimeSpan.FromMinutes(2);

    private KubeSimInstance(KubeSimServer server, string directory)
    {
        Server = server;
        Directory = directory;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
        server.WriteKubeconfig(KubeconfigPath);
    }

    /// <summary>The running server.</summary>
    public KubeSimServer Server { get; }

    /// <summary>A temp folder owned by this instance (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>The kubeconfig written for the server.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Starts a server with the given options.</summary>
    public static async Task<KubeSimInstance> StartAsync(KubeSimOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kubesim-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = await KubeSimServer.StartAsync(options);
        return new KubeSimInstance(server, directory);
    }

    /// <summary>Writes a file into the instance folder and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs real kubectl against the server with its own cache dir; optional stdin and extra environment.</summary>
    public async Task<KubectlResult> KubectlAsync(IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(ToolPaths.Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        start.ArgumentList.Add("--kubeconfig=" + KubeconfigPath);
        start.ArgumentList.Add("--cache-dir=" + Path.Combine(Directory, "kubectl-cache"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = Directory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(KubectlTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {KubectlTimeout}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl with arguments.</summary>
    public Task<KubectlResult> KubectlAsync(params string[] args) => KubectlAsync((IEnumerable<string>)args);

    /// <summary>An HttpClient for the server: trusts its CA, sends its token.</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler();
        if (Server.CertificateAuthorityPem is { } pem)
        {
            var ca = X509Certificate2.CreateFromPem(pem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        var client = new HttpClient(handler) { BaseAddress = Server.BaseUri, Timeout = TimeSpan.FromMinutes(1) };
        if (Server.Token is { } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Stops the server and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl child still closing a file must not fail the test.
        }
    }
}
