using System.Diagnostics;
using System.Globalization;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Status;
using GitOps.Engine.Sync;
using GitOps.Functions.Jobs;
using GitOps.KubeSim;
using GitOps.KubeSim.Faults;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Configuration;
using GitOps.Testing;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Benchmarks.Sync;

/// <summary>
/// Sync vs kubectl on the API simulator with 5 ms latency per request: cold sync of N objects and a one-object change.
/// Usage: `sync [objects=500] [latencyMs=5] [concurrency|default] [warm|fresh] [changes=1]`; `warm` first syncs a two-object app so JIT, TLS
/// and the source cache are warm, as in a running host; `changes` one-object changes follow the cold sync and the median is reported.
/// </summary>
public static class SyncBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var latency = TimeSpan.FromMilliseconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5);
        int? concurrency = args.Length > 2 && args[2] != "default" ? int.Parse(args[2], CultureInfo.InvariantCulture) : null;
        var warm = args.Length > 3 && args[3] == "warm";
        var repeats = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        var root = Path.Combine(Path.GetTempPath(), "sync-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var repo = Path.Combine(root, "repo");
            var bare = Path.Combine(root, "serve", "repo.git");
            Directory.CreateDirectory(repo);
            Directory.CreateDirectory(bare);
            await Git(bare, "init", "--bare", "-q", "-b", "main");
            await Git(repo, "init", "-q", "-b", "main");
            await Git(repo, "remote", "add", "origin", bare);
            var port = FreePort.Next();
            using var daemon = Process.Start(new ProcessStartInfo(ToolPaths.Git, ["daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", $"--port={port}", $"--base-path={Path.Combine(root, "serve")}", Path.Combine(root, "serve")]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
            try
            {
            await WaitForPortAsync(port);
            await Git(repo, "config", "user.email", "bench@example.invalid");
            await Git(repo, "config", "user.name", "bench");
            Directory.CreateDirectory(Path.Combine(repo, ".gitops"));
            File.WriteAllText(Path.Combine(repo, ".gitops", "bench.yaml"), "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: { name: bench }\nspec:\n  path: app\n  cluster: sim\n  namespace: bench\n");
            var app = Path.Combine(repo, "app");
            if (warm)
            {
                // A host that has synced another app before: JIT, TLS and the source cache are warm, the bench app is not.
                File.WriteAllText(Path.Combine(repo, ".gitops", "warm.yaml"), "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: { name: warm }\nspec:\n  path: warm\n  cluster: sim\n  namespace: warm\n");
                Directory.CreateDirectory(Path.Combine(repo, "warm"));
                File.WriteAllText(Path.Combine(repo, "warm", "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: warm\n");
                Directory.CreateDirectory(app);
                File.WriteAllText(Path.Combine(app, "README.md"), "The bench app's objects arrive in the next commit.\n");
                File.WriteAllText(Path.Combine(repo, "warm", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warm\n  namespace: warm\n");
                await Git(repo, "add", "-A");
                await Git(repo, "commit", "-q", "-m", "warm");
                await Git(repo, "push", "-q", "origin", "main");
            }

            WriteObjects(app, count, "v0");
            await Git(repo, "add", "-A");
            await Git(repo, "commit", "-q", "-m", "cold");

            // Ours.
            await using var ours = await KubeSimInstance.StartAsync(new KubeSimOptions { SettleControllersOnWrite = false });
            ours.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = latency });
            var timings = new StepTimings();
            using var services = Build($"git://127.0.0.1:{port}/repo.git", ours.KubeconfigPath, Path.Combine(root, "cache"), timings, concurrency);
            var runner = services.GetRequiredService<SyncJobRunner>();
            var store = services.GetRequiredService<InMemoryJobStore>();
            if (warm)
            {
                await runner.RunAsync(SyncJobCodec.Serialize(Job("warm-up", "warm")), new JobDelivery("m", 1, 5), CancellationToken.None);
                Console.WriteLine($"warm-up sync of app 'warm' (2 objects): {store.Records["warm-up"].State}");
                await Git(repo, "push", "-q", "origin", "main");
            }
            else
            {
                await Git(repo, "push", "-q", "origin", "main");
            }
            var settle = await QuiesceFileSystemAsync(root);
            Console.WriteLine($"file system before the cold sync: {settle}");
            ours.Server.Requests.Reset();
            timings.Reset();
            var coldStartedAt = Stopwatch.GetTimestamp();
            var sw = Stopwatch.StartNew();
            await runner.RunAsync(SyncJobCodec.Serialize(Job("cold", hint: await GitOutput(repo, "rev-parse", "HEAD"))), new JobDelivery("m", 1, 5), CancellationToken.None);
            var oursCold = sw.Elapsed;
            Mark("cold", coldStartedAt);
            var oursColdRequests = ours.Server.Requests.Total;
            var oursColdApplies = ours.Server.Requests.Count("apply");
            var coldState = store.Records["cold"];
            var coldSteps = timings.Format();

            // One-object changes, each a new commit pushed as the webhook would enqueue it (with the pushed head as the hint).
            var ones = new List<(TimeSpan Wall, TimeSpan Cpu)>();
            var oneStates = new List<JobRecord>();
            string firstSteps = "", oneSteps = "";
            int oursOneApplies = 0, oursOneReads = 0, oursOneTotal = 0;
            for (var run = 0; run < repeats; run++)
            {
                File.WriteAllText(Path.Combine(app, "cm-0000.yaml"), ConfigMap("cm-0000", $"changed-{run}"));
                await Git(repo, "commit", "-q", "-am", $"one change {run}");
                await Git(repo, "push", "-q", "origin", "main");
                var pushed = await GitOutput(repo, "rev-parse", "HEAD");
                settle = await QuiesceFileSystemAsync(root);
                Console.WriteLine($"file system before one-object change {run + 1}: {settle}");
                ours.Server.Requests.Reset();
                timings.Reset();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var startedAt = Stopwatch.GetTimestamp();
                sw.Restart();
                await runner.RunAsync(SyncJobCodec.Serialize(Job($"one-{run}", hint: pushed)), new JobDelivery("m", 1, 5), CancellationToken.None);
                ones.Add((sw.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu));
                Mark(run.ToString(CultureInfo.InvariantCulture), startedAt);

                var oneRequests = ours.Server.Requests;
                oursOneApplies = Math.Max(oursOneApplies, oneRequests.Count("apply"));
                oursOneReads = Math.Max(oursOneReads, oneRequests.Count("get") + oneRequests.Count("list") + oneRequests.Count("discovery"));
                oursOneTotal = Math.Max(oursOneTotal, oneRequests.Total);
                oneStates.Add(store.Records[$"one-{run}"]);
                oneSteps = timings.Format();
                firstSteps = run == 0 ? oneSteps : firstSteps;
                Console.WriteLine($"one-object change {run + 1}: {Ms(ones[^1].Wall)} wall, {Ms(ones[^1].Cpu)} CPU in this process, {oneRequests.Total} requests");
            }

            var oursOne = Median(ones.Select(o => o.Wall));

            // kubectl on a fresh simulator with the same latency.
            File.WriteAllText(Path.Combine(app, "cm-0000.yaml"), ConfigMap("cm-0000", "v0"));
            await using var theirs = await KubeSimInstance.StartAsync(new KubeSimOptions { SettleControllersOnWrite = false });
            theirs.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = latency });
            theirs.Server.Requests.Reset();
            sw.Restart();
            (await theirs.KubectlAsync("apply", "--server-side", "--validate=false", "-f", app)).EnsureSuccess();
            var kubectlCold = sw.Elapsed;
            var kubectlColdRequests = theirs.Server.Requests.Total;
            File.WriteAllText(Path.Combine(app, "cm-0000.yaml"), ConfigMap("cm-0000", "changed-0"));
            theirs.Server.Requests.Reset();
            sw.Restart();
            (await theirs.KubectlAsync("apply", "--server-side", "--validate=false", "-f", app)).EnsureSuccess();
            var kubectlOne = sw.Elapsed;
            var kubectlOneRequests = theirs.Server.Requests.Total;

            Console.WriteLine($"Sync benchmark: {count} objects (3 kinds + namespace), {latency.TotalMilliseconds} ms latency per request, concurrency {concurrency?.ToString(CultureInfo.InvariantCulture) ?? "default"}, {(warm ? "warm host" : "fresh process")}");
            Console.WriteLine($"ours cold: job {coldState.State}, {coldState.Summary}");
            Console.WriteLine($"ours one-change: jobs {string.Join(", ", oneStates.Select(o => o.State).Distinct())}, {oneStates[^1].Summary}");
            Console.WriteLine("| scenario | ours wall | ours requests | kubectl wall | kubectl requests | ratio (ours/kubectl) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            Console.WriteLine($"| cold sync | {Ms(oursCold)} | {oursColdRequests} ({oursColdApplies} apply) | {Ms(kubectlCold)} | {kubectlColdRequests} | {Ratio(oursCold, kubectlCold)} |");
            var oneRange = ones.Count > 1 ? $" median of {ones.Count} ({Ms(ones.Min(o => o.Wall))}–{Ms(ones.Max(o => o.Wall))}), CPU {Ms(Median(ones.Select(o => o.Cpu)))}" : "";
            Console.WriteLine($"| one-object change | {Ms(oursOne)}{oneRange} | {oursOneTotal} ({oursOneApplies} apply, {oursOneReads} reads) | {Ms(kubectlOne)} | {kubectlOneRequests} | {Ratio(oursOne, kubectlOne)} |");
            Console.WriteLine("ours cold, per step (busy = summed call time, span = first start to last end):");
            Console.WriteLine(coldSteps);
            Console.WriteLine("ours one-change (the last run), per step:");
            Console.WriteLine(oneSteps);
            if (repeats > 1)
            {
                Console.WriteLine("ours one-change (the first run, where code paths run for the first time), per step:");
                Console.WriteLine(firstSteps);
            }

            Console.WriteLine("(ours includes resolving and fetching the head, checkout and render; kubectl reads the files directly)");
            return coldState.State == JobState.Succeeded && oneStates.All(o => o.State == JobState.Succeeded) ? 0 : 1;
            }
            finally
            {
                daemon.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 200)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";

    private static string Ratio(TimeSpan a, TimeSpan b) => (a.TotalMilliseconds / b.TotalMilliseconds).ToString("F3", CultureInfo.InvariantCulture);

    private static SyncJob Job(string id, string app = "bench", string? hint = null) => new()
    {
        SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = id, Source = "bench", App = app, Reason = SyncReason.Push, RequestedAt = DateTimeOffset.UtcNow, CommitHint = hint,
    };

    /// <summary>With SYNC_MARKS set, prints a run's monotonic start and end, to cut a `perf record -k mono` profile to it.</summary>
    private static void Mark(string run, long startedAt)
    {
        if (Environment.GetEnvironmentVariable("SYNC_MARKS") is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mark {run} {startedAt / (double)Stopwatch.Frequency:F6} {Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6}"));
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void WriteObjects(string dir, int count, string value)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "0-namespace.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n");
        for (var i = 0; i < count; i++)
        {
            var text = (i % 3) switch
            {
                0 => ConfigMap($"cm-{i:D4}", value),
                1 => $"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-{i:D4}\n  namespace: bench\n",
                _ => $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: s-{i:D4}\n  namespace: bench\ntype: Opaque\nstringData:\n  k: \"{value}\"\n",
            };
            File.WriteAllText(Path.Combine(dir, (i % 3) switch { 0 => $"cm-{i:D4}.yaml", 1 => $"sa-{i:D4}.yaml", _ => $"s-{i:D4}.yaml" }), text);
        }
    }

    private static string ConfigMap(string name, string value) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: bench\ndata:\n  k: \"{value}\"\n";

    private static ServiceProvider Build(string repo, string kubeconfig, string cache, StepTimings timings, int? concurrency)
    {
        var gitOps = new GitOpsOptions();
        gitOps.Sources["bench"] = new SourceOptions { Url = repo, Branch = "main" };
        gitOps.Clusters["sim"] = new ClusterOptions { Auth = AuthModes.Kubeconfig, Kubeconfig = kubeconfig, Qps = 10_000, Burst = 10_000 };
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(Options.Create(gitOps));
        services.AddSingleton<ISourceFetcher>(new TimedSourceFetcher(new GitSourceFetcher(gitOps, new GitFetcherOptions { Git = ToolPaths.Git, CacheDirectory = cache }, NullLogger<GitSourceFetcher>.Instance), timings));
        services.AddSingleton<IAppCatalog>(sp => new TimedAppCatalog(new GitAppCatalog(sp.GetRequiredService<ISourceFetcher>(), gitOps), timings));
        services.AddSingleton<IAppRenderer>(new TimedRenderer(new AppRenderer(new RenderOptions { Kubectl = ToolPaths.Kubectl }, gitOps), timings));
        services.AddSingleton<IKubernetesClientFactory>(new TimedClientFactory(new KubernetesClientFactory(gitOps.Clusters.ToDictionary(p => p.Key, p => (ClusterConnectionOptions)p.Value)), timings));
        services.AddSingleton<InMemoryJobQueue>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<InMemoryJobQueue>());
        services.AddSingleton<InMemoryJobStore>();
        services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<InMemoryJobStore>());
        services.AddSingleton<IAppStatusStore, MemoryStatusStore>();
        services.AddGitOpsSync(o => o.Concurrency = concurrency ?? o.Concurrency);

        // The trigger's entry point, which records the job as the hosts do.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<JobRecorder>();
        services.AddSingleton<SyncJobRunner>();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Waits, bounded, until creating files is quick again before a timed run. On this VM's ext4 (mounted with online
    /// discard) creating files stalls for hundreds of ms at times (0.8 ms per file instead of 0.04), for example after an
    /// earlier run's deletes; kubectl's run creates no files, so a stall would only measure the disk. Each probe (at most 60, 0.5 s apart) creates
    /// 200 empty files in a folder of its own and keeps them (deleting would cause the next stall). Returns what it saw.
    /// </summary>
    private static async Task<string> QuiesceFileSystemAsync(string root)
    {
        using (var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false }))
        {
            if (sync is not null)
            {
                await sync.WaitForExitAsync();
            }
        }

        var probes = new List<double>();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "probe-" + Guid.NewGuid().ToString("N")[..8])).FullName;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++)
            {
                File.WriteAllBytes(Path.Combine(folder, i.ToString("D3", CultureInfo.InvariantCulture)), []);
            }

            probes.Add(sw.Elapsed.TotalMilliseconds);
            if (sw.Elapsed < TimeSpan.FromMilliseconds(20))
            {
                break;
            }

            await Task.Delay(500);
        }

        return $"creating 200 files took {string.Join(", ", probes.Select(p => p.ToString("F0", CultureInfo.InvariantCulture) + " ms"))}";
    }

    private static async Task Git(string dir, params string[] args) => await GitOutput(dir, args);

    private static async Task<string> GitOutput(string dir, params string[] args)
    {
        var start = new ProcessStartInfo(ToolPaths.Git) { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)}: {err}");
        }

        return output.Trim();
    }

    private sealed class MemoryStatusStore : IAppStatusStore
    {
        private readonly Dictionary<string, AppStatus> map = new(StringComparer.Ordinal);

        public Task UpsertAsync(AppStatus status, CancellationToken cancellationToken = default)
        {
            map[status.App] = status;
            return Task.CompletedTask;
        }

        public Task<AppStatus?> GetAsync(string app, CancellationToken cancellationToken = default) => Task.FromResult(map.GetValueOrDefault(app));

        public Task<IReadOnlyList<AppStatus>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AppStatus>>([.. map.Values]);
    }
}
