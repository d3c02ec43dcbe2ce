using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.KubeSim;
using GitOps.KubeSim.Faults;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// CPU per server-side apply, client and simulator in one process (as in the sync benchmark): rounds of N fresh objects
/// (ConfigMap, ServiceAccount, Secret) applied at a given concurrency with injected latency; prints wall time and
/// process CPU per apply for each round. Usage: `ApplyCpu [objects=500] [latencyMs=5] [concurrency=32] [rounds=5] [get]`.
/// </summary>
public static class ApplyCpuBench
{
    /// <summary>Runs the rounds and prints one line each.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var latency = TimeSpan.FromMilliseconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5);
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        // "get" GETs one existing object instead of applying: the cost of a round trip without the apply work.
        var getOnly = args.Length > 4 && args[4] == "get";

        await using var server = await KubeSimServer.StartAsync(new KubeSimOptions { SettleControllersOnWrite = false });
        if (latency > TimeSpan.Zero)
        {
            server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = latency });
        }

        var kubeconfig = Path.Combine(Path.GetTempPath(), $"gitops-applycpu-{Guid.NewGuid():N}.kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        using var client = KubernetesClient.Create("bench", new ClusterConnectionOptions { Auth = AuthModes.Kubeconfig, Kubeconfig = kubeconfig, Qps = 10_000, Burst = 10_000 });
        File.Delete(kubeconfig);
        var apply = new ApplyOptions("gitops-functions", Force: true);
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"{count} applies per round, {latency.TotalMilliseconds} ms latency, concurrency {concurrency}; round 0 is warm-up");
        Console.WriteLine($"{"round",5} {"wall ms",8} {"cpu ms",8} {"cpu/apply µs",13} {"gc0",4} {"gc1",4} {"gc2",4}");
        for (var round = 0; round <= rounds; round++)
        {
            var ns = $"round-{round}";
            await client.ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, apply);
            var objects = Enumerable.Range(0, count).Select(i => Object(ns, i)).ToList();
            var gc = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var startedAt = Stopwatch.GetTimestamp();
            var wall = Stopwatch.StartNew();
            var configMap = new GroupVersionKind("", "v1", "ConfigMap");
            await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (obj, ct) =>
            {
                _ = getOnly && round > 0 ? await client.GetAsync(configMap, "round-0", "cm-0000", ct) : await client.ApplyAsync(obj, apply, ct);
            });
            wall.Stop();
            process.Refresh();
            var used = process.TotalProcessorTime - cpu;
            if (Environment.GetEnvironmentVariable("APPLYCPU_MARKS") is not null)
            {
                // Monotonic clock marks, to cut a `perf record -k mono` profile to one round.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mark {round} {startedAt / (double)Stopwatch.Frequency:F6} {Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{round,5} {wall.Elapsed.TotalMilliseconds,8:F0} {used.TotalMilliseconds,8:F0} {used.TotalMicroseconds / count,13:F0} {GC.CollectionCount(0) - gc.Item1,4} {GC.CollectionCount(1) - gc.Item2,4} {GC.CollectionCount(2) - gc.Item3,4}"));
        }

        return 0;
    }

    // The three kinds of the sync benchmark, labelled as the sync labels ApplySet members.
    private static JsonObject Object(string ns, int i)
    {
        var labels = new JsonObject { ["applyset.kubernetes.io/part-of"] = "applyset-0123456789abcdefghijklmnopqrstuvwxyzABCDE-v1" };
        var metadata = new JsonObject { ["namespace"] = ns, ["labels"] = labels };
        return (i % 3) switch
        {
            0 => new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = Named(metadata, $"cm-{i:D4}"), ["data"] = new JsonObject { ["k"] = "v0" } },
            1 => new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = Named(metadata, $"sa-{i:D4}") },
            _ => new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = Named(metadata, $"s-{i:D4}"), ["type"] = "Opaque", ["stringData"] = new JsonObject { ["k"] = "v0" } },
        };
    }

    private static JsonObject Named(JsonObject metadata, string name)
    {
        metadata["name"] = name;
        return metadata;
    }
}
