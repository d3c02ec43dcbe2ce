namespace GitOps.Functions.Standalone;

/// <summary>Wakes the standalone queue listener early, as the host does when its own output binding enqueues a message.</summary>
/// <remarks>A signal given while nobody waits is kept (once), so an enqueue just before the listener goes idle is not missed.</remarks>
public sealed class QueueWakeSignal : IDisposable
{
    private readonly SemaphoreSlim pending = new(0, 1);
    private readonly Lock gate = new();

    /// <summary>Wakes the waiter, or the next one.</summary>
    public void Signal()
    {
        lock (gate)
        {
            if (pending.CurrentCount == 0)
            {
                pending.Release();
            }
        }
    }

    /// <summary>Waits for a signal or for <paramref name="delay"/> on <paramref name="time"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = pending.WaitAsync(race.Token);
        var elapsed = Task.Delay(delay, time, race.Token);
        await Task.WhenAny(signalled, elapsed);
        await race.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public void Dispose() => pending.Dispose();
}
