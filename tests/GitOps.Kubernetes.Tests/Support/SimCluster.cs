using System.Text.Json.Nodes;
using GitOps.KubeSim;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;

namespace GitOps.Kubernetes.Tests.Support;

/// <summary>A running API simulator plus a client built from the kubeconfig it writes (the full configuration path).</summary>
internal sealed class SimCluster : IAsyncDisposable
{
    private readonly string _directory;

    private SimCluster(KubeSimServer server, KubernetesClient client, string directory, string kubeconfigPath)
    {
        Server = server;
        Client = client;
        _directory = directory;
        KubeconfigPath = kubeconfigPath;
    }

    public KubeSimServer Server { get; }

    public KubernetesClient Client { get; }

    public string KubeconfigPath { get; }

    public static async Task<SimCluster> StartAsync(KubeSimOptions? options = null, Action<ClusterConnectionOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var server = await KubeSimServer.StartAsync(options);
        var directory = Path.Combine(Path.GetTempPath(), "gitops-kube-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var kubeconfig = Path.Combine(directory, "kubeconfig.yaml");
        server.WriteKubeconfig(kubeconfig);
        var settings = new ClusterConnectionOptions { Auth = AuthModes.Kubeconfig, Kubeconfig = kubeconfig, RequestTimeout = TimeSpan.FromSeconds(20) };
        configure?.Invoke(settings);
        var name = "sim-" + Guid.NewGuid().ToString("N")[..8];
        return new SimCluster(server, KubernetesClient.Create(name, settings, timeProvider), directory, kubeconfig);
    }

    public static JsonObject ConfigMap(string name, string ns = "default", string value = "v", string? app = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (app is not null)
        {
            metadata["labels"] = new JsonObject { ["app"] = app };
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { ["key"] = value },
        };
    }

    public static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
