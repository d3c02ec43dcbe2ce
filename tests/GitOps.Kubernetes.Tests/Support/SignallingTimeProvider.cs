using Microsoft.Extensions.Time.Testing;

namespace GitOps.Kubernetes.Tests.Support;

/// <summary>A fake clock that tells the test when code starts waiting on it (a timer with a due time), so the test knows when to advance it.</summary>
internal sealed class SignallingTimeProvider : FakeTimeProvider
{
    private TaskCompletionSource<TimeSpan> _next = NewSignal();

    /// <summary>Completes with the due time of the next timer created (Task.Delay with this provider creates one).</summary>
    public Task<TimeSpan> NextWait => Volatile.Read(ref _next).Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Exchange(ref _next, NewSignal()).TrySetResult(dueTime);
        }

        return timer;
    }

    private static TaskCompletionSource<TimeSpan> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
