using GitOps.Engine.Drift;

namespace GitOps.Functions.Tests.Support;

/// <summary>A clock tests move by hand (only GetUtcNow is used by the lease store).</summary>
internal sealed class SettableTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

/// <summary>A drift body that holds each run open briefly and records the highest number of runs in progress at once.</summary>
internal sealed class OverlapDetectingSweeper : IDriftSweeper
{
    private int running;
    private int maxConcurrent;
    private int runs;

    public int MaxConcurrent => Volatile.Read(ref maxConcurrent);

    public int Runs => Volatile.Read(ref runs);

    public async Task SweepAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref running);
        InterlockedMax(ref maxConcurrent, now);
        try
        {
            // Work that spans the other instance's chance to fire (the schedule ticks every second).
            await Task.Delay(TimeSpan.FromMilliseconds(1500), cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref runs);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
