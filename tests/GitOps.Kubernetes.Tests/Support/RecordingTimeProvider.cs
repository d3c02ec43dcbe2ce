using System.Collections.Concurrent;

namespace GitOps.Kubernetes.Tests.Support;

/// <summary>The system clock, recording every timer's due time (Task.Delay with this provider creates one), so tests can see which delays were asked for.</summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
