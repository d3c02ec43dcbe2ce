using GitOps.Engine.Drift;

namespace GitOps.Cli.Tests.Serve;

/// <summary>A drift body that counts its ticks.</summary>
internal sealed class CountingDriftSweeper : IDriftSweeper
{
    private int _ticks;
    private int _pastDue;

    public int Ticks => Volatile.Read(ref _ticks);

    public int PastDueTicks => Volatile.Read(ref _pastDue);

    public Task SweepAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        if (isPastDue)
        {
            Interlocked.Increment(ref _pastDue);
        }

        Interlocked.Increment(ref _ticks);
        return Task.CompletedTask;
    }
}
