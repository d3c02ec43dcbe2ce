using System.Diagnostics;

namespace GitOps.Benchmarks.Webhooks;

/// <summary>A bounded closed-loop load run: N senders share a fixed number of operations; per-operation latency is recorded.</summary>
internal static class LoadRun
{
    /// <summary>The result of a run.</summary>
    public sealed record Result(string Name, int Operations, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
    {
        public double PerSecond => Operations / Elapsed.TotalSeconds;
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times across <paramref name="concurrency"/> senders.</summary>
    public static async Task<Result> RunAsync(string name, int count, int concurrency, Func<int, Task<bool>> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var total = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await operation(i).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(senders).ConfigureAwait(false);
        total.Stop();
        Array.Sort(latencies);
        return new Result(name, count, failures, total.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
