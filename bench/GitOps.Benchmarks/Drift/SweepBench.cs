using System.Diagnostics;
using System.Globalization;
using GitOps.Engine.Configuration;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Sync;
using GitOps.KubeSim;
using GitOps.KubeSim.Faults;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Benchmarks.Drift;

/// <summary>
/// Drift sweep on the API simulator with injected latency: (a) N apps vs `kubectl diff --server-side` per app,
/// (b) a large fleet against the 10 s target. Usage: `sweep [apps=100] [fleet=1000] [objects=50] [latencyMs=5] [kubectlSample=10]`.
/// </summary>
/// <remarks>
/// The cluster is seeded as a sync leaves it (SSA as gitops-functions, ApplySet labels, parent Secret per app) without
/// running a sync per app; the sweeper reads apps, commit and rendered objects from memory, so the first sweep (which
/// renders and fills the desired-state cache) is reported apart and the second, steady-state sweep is the measured one.
/// </remarks>
public static class SweepBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var apps = Arg(args, 0, 100);
        var fleet = Arg(args, 1, 1000);
        var objects = Arg(args, 2, 50);
        var latency = TimeSpan.FromMilliseconds(Arg(args, 3, 5));
        var sample = Arg(args, 4, 10);
        var ok = true;

        Console.WriteLine($"Drift sweep benchmark: {objects} objects per app, {latency.TotalMilliseconds} ms injected latency per request, {Environment.ProcessorCount} cores");
        Console.WriteLine("Steady state: sweep 1 warms the desired-state cache (renders from memory), sweep 2 is measured. Drift store in memory.");
        Console.WriteLine("Peak memory: the simulator (holding every object) runs in the same process; 'peak' is the highest working set sampled during a sweep,");
        Console.WriteLine("so it counts the simulator too; 'allocated' is process-wide (client and server). Before the measured sweep the client's token bucket refills.");
        Console.WriteLine();

        // (a) apps vs kubectl diff.
        {
            await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { SettleControllersOnWrite = false });
            var world = new SweepWorld(apps, objects, Path.Combine(sim.Directory, "apps"));
            var seedSw = Stopwatch.StartNew();
            await SeedAsync(sim, world, writeFiles: true);
            Console.WriteLine($"seeded {apps} apps × {objects} objects in {seedSw.Elapsed.TotalSeconds:F1} s");
            sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = latency });

            var run = await SweepTwiceAsync(sim, world, new DriftSweepOptions(), qps: null);
            ok &= run.Check(world, apps);

            sim.Server.Requests.Reset();
            var kubectl = Stopwatch.StartNew();
            for (var i = 0; i < sample; i++)
            {
                var result = await sim.KubectlAsync("diff", "--server-side", "--force-conflicts", "-f", Path.Combine(world.Directory, SweepWorld.AppName(i)));
                if (result.ExitCode != 0)
                {
                    Console.WriteLine($"kubectl diff {SweepWorld.AppName(i)} exited {result.ExitCode}: {Trim(result.StandardOutput + result.StandardError)}");
                    ok = false;
                }
            }

            kubectl.Stop();
            var kubectlRequests = sim.Server.Requests.Total;
            var perApp = kubectl.Elapsed / sample;
            var extrapolated = perApp * apps;
            Console.WriteLine($"(a) {apps} apps × {objects} objects, default options (Concurrency {new DriftSweepOptions().Concurrency}, client Qps/Burst {new ClusterConnectionOptions().Qps}/{new ClusterConnectionOptions().Burst})");
            Console.WriteLine("| | wall | requests | objects/s | peak |");
            Console.WriteLine("|---|---|---|---|---|");
            run.PrintRows();
            Console.WriteLine($"| kubectl diff --server-side, {sample} apps run one after another | {Ms(kubectl.Elapsed)} ({Ms(perApp)}/app) | {kubectlRequests} ({kubectlRequests / sample}/app) | {sample * objects / kubectl.Elapsed.TotalSeconds:F0} | (separate process) |");
            Console.WriteLine($"| kubectl diff extrapolated to {apps} apps (×{apps / (double)sample:F0}) | {Ms(extrapolated)} | {kubectlRequests * apps / sample} | | |");
            Console.WriteLine($"ratio ours/kubectl (measured sweep vs extrapolated kubectl): {run.Measured.Wall / extrapolated:F4}× (target ≤ 0.05×)");
            Console.WriteLine($"sweep peak {Mb(run.Measured.PeakWorkingSet)} (target ≤ 256 MiB); process peak working set since start {Mb(Process.GetCurrentProcess().PeakWorkingSet64)}");
            Console.WriteLine();
        }

        // (b) the fleet.
        if (fleet > 0)
        {
            await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions { SettleControllersOnWrite = false });
            var world = new SweepWorld(fleet, objects, Path.Combine(sim.Directory, "apps"));
            var seedSw = Stopwatch.StartNew();
            await SeedAsync(sim, world, writeFiles: false);
            Console.WriteLine($"seeded {fleet} apps × {objects} objects in {seedSw.Elapsed.TotalSeconds:F1} s");
            sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = latency });
            var first = true;
            foreach (var (label, options, qps) in new (string, DriftSweepOptions, (double, int)?)[]
            {
                ("default options", new DriftSweepOptions(), null),
                ("client rate limit off (Qps 0)", new DriftSweepOptions(), (0, 1)),
                ("client Qps/Burst raised to 1000/1000", new DriftSweepOptions(), (1000, 1000)),
            })
            {
                var run = await SweepTwiceAsync(sim, world, options, qps, first);
                first = false;
                ok &= run.Check(world, fleet);
                Console.WriteLine($"(b) {fleet} apps × {objects} objects, {label} (Concurrency {options.Concurrency}, client Qps/Burst {qps?.Item1 ?? new ClusterConnectionOptions().Qps}/{qps?.Item2 ?? new ClusterConnectionOptions().Burst})");
                Console.WriteLine("| | wall | requests | objects/s | peak |");
                Console.WriteLine("|---|---|---|---|---|");
                run.PrintRows();
                Console.WriteLine($"target < 10 s: {(run.Measured.Wall < TimeSpan.FromSeconds(10) ? "met" : "MISSED")}");
                Console.WriteLine();
            }
        }

        return ok ? 0 : 1;
    }

    private static async Task SeedAsync(KubeSimInstance sim, SweepWorld world, bool writeFiles)
    {
        using var factory = Factory(sim, (0, 1));
        await world.SeedAsync(factory.GetClient(SweepWorld.Cluster), 16, writeFiles, CancellationToken.None);
    }

    private static async Task<SweepRun> SweepTwiceAsync(KubeSimInstance sim, SweepWorld world, DriftSweepOptions options, (double Qps, int Burst)? qps, bool first = true)
    {
        using var factory = Factory(sim, qps);
        var gitOps = new GitOpsOptions();
        gitOps.Sources[SweepWorld.Source] = new SourceOptions { Url = "https://example.invalid/bench.git", Branch = "main" };
        var cache = new DesiredStateCache(options.DesiredCacheSize);
        var queue = new InMemoryJobQueue();
        var sweeper = new DriftSweeper(
            Options.Create(gitOps), Options.Create(options), Options.Create(new SyncPipelineOptions()), world, world, world, factory,
            queue, new InMemoryJobStore(), new MemoryDriftStore(), cache, TimeProvider.System, NullLogger<DriftSweeper>.Instance);

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var warm = await MeasureAsync(sim, () => sweeper.SweepAllAsync(CancellationToken.None));
        var rendersAfterWarm = world.Renders;

        // Sweeps run minutes apart, so the client's token bucket is full when one starts: let it refill (Burst/Qps).
        var limit = qps ?? (new ClusterConnectionOptions().Qps, new ClusterConnectionOptions().Burst);
        if (limit.Qps > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(limit.Burst / limit.Qps));
        }

        var measured = await MeasureAsync(sim, () => sweeper.SweepAllAsync(CancellationToken.None));
        // Only the first configuration on a server: a later one's figure would net out the earlier cache being collected.
        var retained = first ? GC.GetTotalMemory(forceFullCollection: true) - heapBefore : -1;
        GC.KeepAlive(sweeper);
        return new SweepRun(warm, measured, world.Renders - rendersAfterWarm, queue.Jobs.Count, world.Apps.Count * world.ObjectsPerApp, retained);
    }

    private static async Task<Measurement> MeasureAsync(KubeSimInstance sim, Func<Task<IReadOnlyList<AppDriftReport>>> sweep)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        sim.Server.Requests.Reset();
        var before = Environment.WorkingSet;
        using var sampler = new PeakSampler();
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var sw = Stopwatch.StartNew();
        var reports = await sweep();
        sw.Stop();
        var peak = sampler.Stop();
        var counters = sim.Server.Requests.Counters;
        return new Measurement(sw.Elapsed, reports, sim.Server.Requests.Total, sim.Server.Requests.Count("list"), sim.Server.Requests.Count("get"),
            sim.Server.Requests.Entries.Count(e => e.DryRun), before, peak, GC.GetTotalAllocatedBytes(precise: false) - allocated, counters);
    }

    private static KubernetesClientFactory Factory(KubeSimInstance sim, (double Qps, int Burst)? qps)
    {
        var cluster = new ClusterOptions { Auth = AuthModes.Kubeconfig, Kubeconfig = sim.KubeconfigPath };
        if (qps is { } q)
        {
            cluster.Qps = q.Qps;
            cluster.Burst = q.Burst;
        }

        return new KubernetesClientFactory(new Dictionary<string, ClusterConnectionOptions> { [SweepWorld.Cluster] = cluster });
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    internal static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";

    internal static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MiB";

    private static string Trim(string text) => text.Length > 400 ? text[..400] + "…" : text;
}

/// <summary>One sweep's figures.</summary>
internal sealed record Measurement(
    TimeSpan Wall, IReadOnlyList<AppDriftReport> Reports, int Requests, int Lists, int Gets, int DryRuns, long WorkingSetBefore, long PeakWorkingSet,
    long Allocated, IReadOnlyDictionary<string, int> Counters);

/// <summary>The warm-up and measured sweeps of one configuration.</summary>
/// <param name="Retained">Managed heap kept after both sweeps (the desired-state cache and the last reports); -1 when not measurable.</param>
internal sealed record SweepRun(Measurement Warm, Measurement Measured, int RendersInMeasured, int JobsEnqueued, int Objects, long Retained)
{
    public bool Check(SweepWorld world, int apps)
    {
        var ok = true;
        var states = Measured.Reports.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count());
        if (Measured.Reports.Count != apps || states.GetValueOrDefault(DriftState.InSync) != apps)
        {
            Console.WriteLine("UNEXPECTED states: " + string.Join(", ", states.Select(p => $"{p.Key}={p.Value}")) + " — " +
                string.Join(" | ", Measured.Reports.Where(r => r.State != DriftState.InSync).Take(3).Select(r => $"{r.App}: {r.Summary}")));
            ok = false;
        }

        if (Measured.Lists != apps * world.KindsPerApp || Measured.DryRuns != 0 || RendersInMeasured != 0 || JobsEnqueued != 0)
        {
            Console.WriteLine($"UNEXPECTED work: {Measured.Lists} LISTs (expected {apps * world.KindsPerApp}), {Measured.DryRuns} dry-runs, {RendersInMeasured} renders, {JobsEnqueued} jobs; " +
                string.Join(", ", Measured.Counters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
            ok = false;
        }

        return ok;
    }

    public void PrintRows()
    {
        Row("sweep 1 (renders, fills cache)", Warm);
        Row("sweep 2 (measured, steady state)", Measured);
        if (Retained >= 0)
        {
            Console.WriteLine($"managed heap retained by the sweeper after both sweeps (desired-state cache, reports): {SweepBench.Mb(Retained)}");
        }
    }

    private void Row(string label, Measurement m)
    {
        var apps = m.Reports.Count;
        Console.WriteLine($"| {label} | {SweepBench.Ms(m.Wall)} | {m.Requests} ({m.Lists} LIST = {m.Lists / (double)Math.Max(apps, 1):F1}/app, {m.Gets} GET, {m.DryRuns} dry-run) | {Objects / m.Wall.TotalSeconds:F0} | {SweepBench.Mb(m.PeakWorkingSet)} (+{SweepBench.Mb(m.PeakWorkingSet - m.WorkingSetBefore)} over start; {SweepBench.Mb(m.Allocated)} allocated) |");
    }
}

/// <summary>Samples the process working set every 10 ms until stopped and keeps the highest value.</summary>
internal sealed class PeakSampler : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task<long> loop;

    public PeakSampler() => loop = Task.Run(async () =>
    {
        var peak = Environment.WorkingSet;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        return Math.Max(peak, Environment.WorkingSet);
    });

    public long Stop()
    {
        stop.Cancel();
        return loop.GetAwaiter().GetResult();
    }

    public void Dispose() => stop.Dispose();
}
