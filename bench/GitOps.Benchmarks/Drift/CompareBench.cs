using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Engine.Drift.Comparison;

namespace GitOps.Benchmarks.Drift;

/// <summary>
/// Drift comparison throughput: `dotnet run -c Release --project bench/GitOps.Benchmarks -- drift-compare [count]`.
/// Compares realistic Deployment/Service/ConfigMap pairs (none drifted) and reports objects/s and
/// bytes allocated per object, for the comparison alone and for parse-from-LIST-bytes plus comparison.
/// </summary>
public static class CompareBench
{
    /// <summary>Runs the benchmark; returns 0, or 1 when a pair that should be in sync reports drift.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 50_000;
        const int distinct = 2_000; // distinct pairs held in memory; reused round-robin
        var comparer = new ObjectComparer();
        var desired = new JsonObject[distinct];
        var liveBytes = new byte[distinct][];
        var live = new JsonObject[distinct];
        for (var i = 0; i < distinct; i++)
        {
            var (d, l) = ComparePairs.Create(i);
            desired[i] = JsonNode.Parse(d)!.AsObject();
            liveBytes[i] = l;
            live[i] = JsonNode.Parse(l)!.AsObject();
        }

        // Warm up: JIT, and JsonObject's lazily built property maps.
        var drifted = 0;
        for (var i = 0; i < distinct; i++)
        {
            drifted += comparer.Compare(desired[i], live[i]).Count;
        }

        var compareOnly = Measure(count, i => comparer.Compare(desired[i % distinct], live[i % distinct]).Count);
        var noOwnership = new ObjectComparer(new ComparisonOptions { FieldManager = "nobody" });
        var valuesOnly = Measure(count, i => noOwnership.Compare(desired[i % distinct], live[i % distinct]).Count);
        var parseAndCompare = Measure(count, i => comparer.Compare(desired[i % distinct], JsonNode.Parse(liveBytes[i % distinct])!.AsObject()).Count);
        var parseOnly = Measure(count, i => JsonNode.Parse(liveBytes[i % distinct])!.AsObject().Count > 0 ? 0 : 1);
        drifted += compareOnly.Drifted + parseAndCompare.Drifted;

        Console.WriteLine($"drift-compare: {count:N0} objects (Deployment 50%, Service 25%, ConfigMap 25%), single thread");
        Console.WriteLine("Wall time suffers on a shared machine; CPU time (process, incl. GC) is the steadier figure.");
        Console.WriteLine("| case                                   | objects/s (wall) | µs/object (wall) | µs/object (CPU) | bytes/object |");
        Console.WriteLine("|----------------------------------------|-----------------:|-----------------:|----------------:|-------------:|");
        Row("compare (live already parsed)", compareOnly);
        Row("compare values only (no managedFields)", valuesOnly);
        Row("parse LIST item + compare", parseAndCompare);
        Row("parse LIST item only", parseOnly);
        Console.WriteLine($"false drifts reported: {drifted}");
        return Task.FromResult(drifted == 0 ? 0 : 1);
    }

    private static Result Measure(int count, Func<int, int> body)
    {
        GC.Collect();
        var drifted = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            drifted += body(i);
        }

        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Result(count, watch.Elapsed, cpu, allocated, drifted);
    }

    private static void Row(string name, Result r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name,-38} | {r.Count / r.Elapsed.TotalSeconds,16:N0} | {r.Elapsed.TotalMicroseconds / r.Count,16:F2} | {r.Cpu.TotalMicroseconds / r.Count,15:F2} | {(double)r.Allocated / r.Count,12:N0} |"));

    private sealed record Result(int Count, TimeSpan Elapsed, TimeSpan Cpu, long Allocated, int Drifted);
}
