namespace GitOps.Engine.Sync;

/// <summary>A per-app mutual-exclusion lease shared by every instance (docs/architecture.md §D11).</summary>
public interface IAppLease
{
    /// <summary>Takes the app's lease for <paramref name="duration"/>; null when another holder has it. Dispose to release.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string app, TimeSpan duration, CancellationToken cancellationToken = default);
}

/// <summary>A process-local lease, for a single instance and for tests.</summary>
public sealed class InMemoryAppLease(TimeProvider time) : IAppLease
{
    private readonly Dictionary<string, (Guid Owner, DateTimeOffset Expires)> leases = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task<IAsyncDisposable?> TryAcquireAsync(string app, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (leases.TryGetValue(app, out var held) && held.Expires > now)
            {
                return Task.FromResult<IAsyncDisposable?>(null);
            }

            var owner = Guid.NewGuid();
            leases[app] = (owner, now + duration);
            return Task.FromResult<IAsyncDisposable?>(new Release(this, app, owner));
        }
    }

    private sealed class Release(InMemoryAppLease lease, string app, Guid owner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (lease.gate)
            {
                if (lease.leases.TryGetValue(app, out var held) && held.Owner == owner)
                {
                    lease.leases.Remove(app);
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
