using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOps.Engine.Apps;
using GitOps.Engine.Rendering;
using GitOps.Testing;

namespace GitOps.Benchmarks.Rendering;

/// <summary>Suite "render": time and memory to render and validate a plain app of 2,000 objects and a kustomize overlay of 500.</summary>
public static class RenderBench
{
    /// <summary>Runs the suite; args: [iterations] (default 5).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var iterations = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 5;
        var root = Directory.CreateTempSubdirectory("gitops-render-bench-").FullName;
        try
        {
            var options = new RenderOptions { Kubectl = ToolPaths.Kubectl, Helm = ToolPaths.Helm };
            WritePlain(Path.Combine(root, "plain"), 2000);
            WriteKustomize(Path.Combine(root, "kustomize"), 500);
            var plainBytes = Directory.EnumerateFiles(Path.Combine(root, "plain"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

            Console.WriteLine($"render benchmark, {iterations} measured runs after 1 warm-up (median; max)");
            Console.WriteLine($"plain input: 2000 objects in 100 files, {plainBytes / 1024} KiB");
            Console.WriteLine();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (wall time suffers under load; CPU time is this process only, not kubectl)");
            Console.WriteLine("| case | objects | wall median | wall max | CPU median | allocated/run | managed heap after | peak working set |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            await MeasureAsync("plain: parse + validate", 2000, iterations, options, root, App("plain", RenderType.Plain));
            await MeasureAsync("kustomize overlay: kubectl kustomize + parse + validate", 500, iterations, options, root, App("kustomize/overlay", RenderType.Kustomize));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static AppDefinition App(string path, RenderType type) => new()
    {
        Name = "bench", Source = "bench", Path = path, Cluster = "bench", Namespace = "bench", Render = new RenderSpec { Type = type },
    };

    private static async Task MeasureAsync(string name, int expected, int iterations, RenderOptions options, string root, AppDefinition app)
    {
        var renderer = new AppRenderer(options);
        var first = await renderer.RenderAsync(app, root);
        if (first.Objects.Count != expected)
        {
            throw new InvalidOperationException($"{name}: expected {expected} objects, got {first.Objects.Count}");
        }

        first = null;
        var times = new List<double>();
        var cpu = new List<double>();
        long allocated = 0;
        long heap = 0;
        for (var i = 0; i < iterations; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var result = await renderer.RenderAsync(app, root);
            watch.Stop();
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
            heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
            times.Add(watch.Elapsed.TotalMilliseconds);
            GC.KeepAlive(result);
        }

        times.Sort();
        cpu.Sort();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"| {name} | {expected} | {times[times.Count / 2]:0} ms | {times[^1]:0} ms | {cpu[cpu.Count / 2]:0} ms | {allocated / 1048576.0:0.0} MiB | {heap / 1048576.0:0.0} MiB | {peak / 1048576.0:0} MiB |");
    }

    private static void WritePlain(string folder, int objects)
    {
        for (var file = 0; file < 100; file++)
        {
            var text = new StringBuilder();
            for (var i = 0; i < objects / 100; i++)
            {
                var id = (file * (objects / 100)) + i;
                text.Append("---\n").Append(id % 2 == 0 ? Deployment($"app-{id:D4}") : ConfigMap($"cfg-{id:D4}"));
            }

            Directory.CreateDirectory(Path.Combine(folder, $"group-{file / 10}"));
            File.WriteAllText(Path.Combine(folder, $"group-{file / 10}", $"objects-{file:D3}.yaml"), text.ToString());
        }
    }

    private static void WriteKustomize(string folder, int objects)
    {
        var resources = new StringBuilder("resources:\n");
        for (var i = 0; i < objects; i++)
        {
            var file = $"obj-{i:D3}.yaml";
            resources.Append("- ").Append(file).Append('\n');
            Directory.CreateDirectory(Path.Combine(folder, "base"));
            File.WriteAllText(Path.Combine(folder, "base", file), i % 2 == 0 ? Deployment($"app-{i:D3}") : ConfigMap($"cfg-{i:D3}"));
        }

        File.WriteAllText(Path.Combine(folder, "base", "kustomization.yaml"), resources.ToString());
        Directory.CreateDirectory(Path.Combine(folder, "overlay"));
        File.WriteAllText(Path.Combine(folder, "overlay", "kustomization.yaml"), """
            namespace: bench
            namePrefix: prod-
            labels:
            - pairs: {env: prod}
            resources: [../base]
            patches:
            - target: {kind: Deployment}
              patch: |-
                - op: replace
                  path: /spec/replicas
                  value: 3
            """);
    }

    private static string Deployment(string name) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}, tier: web, "version": "1.0"}
          annotations: {gitops-functions.io/sync-wave: "1"}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: main
                image: registry.example.com/{{name}}:1.2.3
                ports: [{containerPort: 8080, name: http}]
                env:
                - {name: MODE, value: "on"}
                - {name: LEVEL, value: "0755"}
                resources:
                  requests: {cpu: 100m, memory: 128Mi}
                  limits: {cpu: "1", memory: 256Mi}
                readinessProbe:
                  httpGet: {path: /healthz, port: http}
                  periodSeconds: 10

        """;

    private static string ConfigMap(string name) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        data:
          settings.yaml: |
            feature: true
            level: 3
          mode: "on"
          retries: "5"

        """;
}
