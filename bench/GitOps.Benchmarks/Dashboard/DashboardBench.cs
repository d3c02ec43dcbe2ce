using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using GitOps.Dashboard.Pages;
using GitOps.Dashboard.Rendering;
using GitOps.Dashboard.Views;
using GitOps.Engine.Configuration;
using GitOps.Functions.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Benchmarks.Dashboard;

/// <summary>
/// The apps overview of N apps (default 1,000): server time to build the rows, render the page and compress it, and its weight
/// (raw, Brotli and gzip as the dashboard sends them), for the whole page and for the live region the page polls.
/// Targets: under 300 ms and under 300 KB compressed. Usage: Dashboard [apps] [iterations].
/// </summary>
public static class DashboardBench
{
    private const double TargetMilliseconds = 300;
    private const int TargetKilobytes = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var apps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var (views, facts, gitOps) = Fleet(apps);
        await using var services = new ServiceCollection().BuildServiceProvider();
        var renderer = new PageRenderer(services, NullLoggerFactory.Instance);
        var filter = new OverviewFilter(null, null, null, null, null);
        var context = new PageContext("/api/ui", null, "__RequestVerificationToken", new string('x', 155), null, null, DateTimeOffset.UtcNow, 5);

        Console.WriteLine($"Dashboard overview: {apps} apps, {iterations} measured renders after 5 warm-up renders, one process");
        var ok = true;
        foreach (var (name, live) in new[] { ("page", false), ("live region", true) })
        {
            var times = new List<double>();
            (int Raw, int Brotli, int Gzip) sizes = default;
            for (var i = 0; i < iterations + 5; i++)
            {
                var clock = Stopwatch.StartNew();
                var model = DashboardReader.BuildOverview(views, facts, filter, gitOps);
                var parameters = new Dictionary<string, object?> { ["Ctx"] = context, ["Model"] = model };
                var html = live ? await renderer.RenderAsync<OverviewLive>(parameters) : await renderer.RenderAsync<OverviewPage>(parameters);
                var bytes = Encoding.UTF8.GetBytes(html);
                var brotli = Compress(bytes, s => new BrotliStream(s, CompressionLevel.Fastest, leaveOpen: true));
                clock.Stop();
                if (i >= 5)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                sizes = (bytes.Length, brotli, Compress(bytes, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true)));
            }

            times.Sort();
            var p50 = times[times.Count / 2];
            var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
            Console.WriteLine(FormattableString.Invariant(
                $"  {name,-12} server time p50 {p50,7:0.0} ms  p95 {p95,7:0.0} ms  max {times[^1],7:0.0} ms | raw {sizes.Raw / 1024.0,7:0.0} KB  br {sizes.Brotli / 1024.0,6:0.0} KB  gzip {sizes.Gzip / 1024.0,6:0.0} KB"));
            ok &= p95 < TargetMilliseconds && sizes.Brotli < TargetKilobytes * 1024 && sizes.Gzip < TargetKilobytes * 1024;
        }

        Console.WriteLine(ok ? $"within target (< {TargetMilliseconds} ms p95, < {TargetKilobytes} KB compressed)" : "OVER TARGET");
        return ok ? 0 : 1;
    }

    private static int Compress(byte[] bytes, Func<Stream, Stream> wrap)
    {
        using var target = new MemoryStream();
        using (var stream = wrap(target))
        {
            stream.Write(bytes);
        }

        return (int)target.Length;
    }

    // A fleet as a platform team has it: a few sources and clusters, namespaces per team, mixed states, real-looking commits.
    private static (IReadOnlyList<AppStatusView>, IReadOnlyDictionary<(string, string), CommitFacts.Facts>, GitOpsOptions) Fleet(int count)
    {
        var gitOps = new GitOpsOptions();
        string[] sources = ["platform", "payments", "data"];
        foreach (var s in sources)
        {
            gitOps.Sources[s] = new SourceOptions { Url = $"https://github.com/example/{s}.git", Provider = "github" };
        }

        var random = new Random(42);
        var views = new List<AppStatusView>(count);
        var facts = new Dictionary<(string, string), CommitFacts.Facts>();
        string[] results = ["Succeeded", "Succeeded", "Succeeded", "Succeeded", "Failed", "Progressing"];
        string[] health = ["Healthy", "Healthy", "Healthy", "Progressing", "Degraded"];
        string[] drift = ["InSync", "InSync", "InSync", "Drifted", "SyncPending"];
        for (var i = 0; i < count; i++)
        {
            var source = sources[i % sources.Length];
            var commit = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + "01234567";
            var app = $"team-{i / 20:D2}-service-{i:D4}";
            facts[(source, commit)] = new CommitFacts.Facts($"Bump service-{i:D4} image to 1.{i % 40}.{i % 7} and raise memory limits", new Dictionary<string, string?> { [app] = $"team-{i / 20:D2}" });
            var d = drift[random.Next(drift.Length)];
            views.Add(new AppStatusView
            {
                App = app, Source = source, Cluster = $"aks-{(i % 5) switch { 0 => "westeurope", 1 => "northeurope", 2 => "eastus", 3 => "westus2", _ => "uksouth" }}",
                Commit = commit, SyncResult = results[random.Next(results.Length)], Health = health[random.Next(health.Length)],
                SyncSummary = "0 created, 2 configured, 0 pruned, 14 unchanged; Healthy", LastSyncAt = DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 5000)),
                SyncDuration = TimeSpan.FromMilliseconds(random.Next(300, 90_000)), DriftState = d,
                DriftSummary = d == "Drifted" ? "1 drifted: Deployment/team/web modified: spec.replicas changed by kubectl-scale" : "in sync (16 object(s) compared)",
                LastSweepAt = DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 10)), JobId = Guid.NewGuid().ToString("N"),
            });
        }

        return (views, facts, gitOps);
    }
}
