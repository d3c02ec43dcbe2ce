using System.Diagnostics;

namespace GitOps.Benchmarks.Webhooks;

/// <summary>Bounded load runs: N senders share a fixed number of operations; per-operation latency is recorded.</summary>
internal static class LoadRun
{
    /// <summary>The result of a run; <paramref name="ServerCpu"/> is what the server under test (Azurite) spent.</summary>
    public sealed record Result(string Name, int Operations, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms, TimeSpan ServerCpu, TimeSpan OwnCpu)
    {
        /// <summary>This process's CPU microseconds per operation (senders, webhook host and storage clients together).</summary>
        public double OwnCpuMicros => OwnCpu.TotalMilliseconds * 1000 / Operations;

        public double PerSecond => Operations / Elapsed.TotalSeconds;

        /// <summary>Server CPU microseconds per operation: what an operation costs the storage emulator.</summary>
        public double ServerCpuMicros => ServerCpu.TotalMilliseconds * 1000 / Operations;
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> senders each start the next operation as soon as theirs ends.</summary>
    public static Task<Result> RunAsync(string name, int count, int concurrency, Func<int, Task<bool>> operation, Func<TimeSpan> serverCpu)
        => RunCoreAsync(name, count, concurrency, null, operation, serverCpu);

    /// <summary>Open loop: operation i starts at i ÷ <paramref name="perSecond"/> seconds whatever the others do (a steady stream of pushes).</summary>
    public static Task<Result> RunPacedAsync(string name, int count, int concurrency, double perSecond, Func<int, Task<bool>> operation, Func<TimeSpan> serverCpu)
        => RunCoreAsync(name, count, concurrency, perSecond, operation, serverCpu);

    private static async Task<Result> RunCoreAsync(string name, int count, int concurrency, double? perSecond, Func<int, Task<bool>> operation, Func<TimeSpan> serverCpu)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var cpuBefore = serverCpu();
        var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (perSecond is { } rate && TimeSpan.FromSeconds(i / rate) - total.Elapsed is { } wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait).ConfigureAwait(false);
                }

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
        var cpu = serverCpu() - cpuBefore;
        var own = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;
        Array.Sort(latencies);
        return new Result(name, count, failures, total.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), cpu, own);
    }

    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
