using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.KubeSim;
using GitOps.KubeSim.Faults;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Testing;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// Server-side apply throughput: 500 ConfigMaps applied by <see cref="KubernetesClient"/> at concurrency 1, 4 and 16
/// against the API simulator with 5 ms injected latency per request, next to `kubectl apply --server-side` of the
/// same 500 objects on a fresh simulator with the same latency. Suite name: "kube-apply".
/// </summary>
public static class ApplyThroughputBench
{
    private const int ObjectCount = 500;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_LATENCY_MS") ?? "5", CultureInfo.InvariantCulture));

    /// <summary>Runs the suite and prints a table; returns 0 when the targets are met, 1 otherwise.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Best of N runs, each on a fresh simulator: the machine is shared, and the best run is the least disturbed one.
        var runs = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;
        var objects = Enumerable.Range(0, ObjectCount).Select(Object).ToList();
        var rows = new List<(string Name, TimeSpan Elapsed, int Requests)>();

        var kubectl = await BestAsync(runs, () => KubectlAsync(objects));
        rows.Add(("kubectl apply --server-side", kubectl.Elapsed, kubectl.Requests));
        foreach (var concurrency in new[] { 1, 4, 16 })
        {
            var run = await BestAsync(runs, () => ClientAsync(objects, concurrency, unlimited: true));
            rows.Add(($"client c={concurrency} (no client rate limit)", run.Elapsed, run.Requests));
        }

        var limited = await BestAsync(runs, () => ClientAsync(objects, 16, unlimited: false));
        rows.Add(("client c=16 (default Qps 200, Burst 400)", limited.Elapsed, limited.Requests));

        Console.WriteLine($"Server-side apply of {ObjectCount} ConfigMaps, {Latency.TotalMilliseconds:0} ms injected latency per request, best of {runs} runs");
        Console.WriteLine($"{"run",-44} {"wall ms",9} {"applies/s",10} {"requests",9} {"vs kubectl",10}");
        foreach (var (name, elapsed, requests) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-44} {elapsed.TotalMilliseconds,9:0} {ObjectCount / elapsed.TotalSeconds,10:0} {requests,9} {kubectl.Elapsed / elapsed,9:0.0}x"));
        }

        var c1 = rows[1].Elapsed;
        var c16 = rows[3].Elapsed;
        var met = kubectl.Elapsed / c16 >= 8 && c1 <= kubectl.Elapsed;
        Console.WriteLine(met ? "targets met (c=16 >= 8x kubectl, c=1 no slower than kubectl)" : "targets NOT met");
        return met ? 0 : 1;
    }

    private static async Task<(TimeSpan Elapsed, int Requests)> BestAsync(int runs, Func<Task<(TimeSpan Elapsed, int Requests)>> run)
    {
        var best = await run();
        for (var i = 1; i < runs; i++)
        {
            var next = await run();
            best = next.Elapsed < best.Elapsed ? next : best;
        }

        return best;
    }

    private static async Task<(TimeSpan Elapsed, int Requests)> ClientAsync(IReadOnlyList<JsonObject> objects, int concurrency, bool unlimited)
    {
        await using var server = await StartServerAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"gitops-bench-{Guid.NewGuid():N}.kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        var options = new ClusterConnectionOptions { Auth = AuthModes.Kubeconfig, Kubeconfig = kubeconfig };
        if (unlimited)
        {
            options.Qps = 0;
        }

        using var client = KubernetesClient.Create("bench", options);
        File.Delete(kubeconfig);
        var applyOptions = new ApplyOptions("gitops-functions");
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (obj, ct) =>
            await client.ApplyAsync((JsonObject)obj.DeepClone(), applyOptions, ct));
        stopwatch.Stop();
        return (stopwatch.Elapsed, server.Requests.Total);
    }

    private static async Task<(TimeSpan Elapsed, int Requests)> KubectlAsync(IReadOnlyList<JsonObject> objects)
    {
        await using var server = await StartServerAsync();
        var directory = Path.Combine(Path.GetTempPath(), "gitops-bench-" + Guid.NewGuid().ToString("N"));
        var manifests = Directory.CreateDirectory(Path.Combine(directory, "manifests")).FullName;
        try
        {
            for (var i = 0; i < objects.Count; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(manifests, $"cm-{i:D3}.json"), objects[i].ToJsonString());
            }

            var kubeconfig = Path.Combine(directory, "kubeconfig");
            server.WriteKubeconfig(kubeconfig);
            var start = new ProcessStartInfo(ToolPaths.Kubectl)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "apply", "--server-side", "--validate=false", "-f", manifests, "--kubeconfig", kubeconfig })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["KUBECACHEDIR"] = Path.Combine(directory, "cache");
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            stopwatch.Stop();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl apply failed ({process.ExitCode}): {await stderr}");
            }

            var applied = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            if (applied != objects.Count)
            {
                throw new InvalidOperationException($"kubectl applied {applied} objects, expected {objects.Count}");
            }

            return (stopwatch.Elapsed, server.Requests.Total);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<KubeSimServer> StartServerAsync()
    {
        var server = await KubeSimServer.StartAsync(new KubeSimOptions { AllowAnonymous = true });
        server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = Latency });
        return server;
    }

    private static JsonObject Object(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"bench-{i:D3}",
            ["namespace"] = "default",
            ["labels"] = new JsonObject { ["app"] = "bench" },
        },
        ["data"] = new JsonObject { ["index"] = i.ToString(CultureInfo.InvariantCulture), ["payload"] = new string('x', 256) },
    };
}
