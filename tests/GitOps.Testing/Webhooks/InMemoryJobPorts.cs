using System.Collections.Concurrent;
using GitOps.Engine.Apps;
using GitOps.Engine.Sources;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Deliveries;

namespace GitOps.Testing.Webhooks;

/// <summary>An in-memory job queue for unit tests of the webhook receiver; can be told to fail.</summary>
public sealed class InMemoryJobQueue : IJobQueue
{
    /// <summary>Jobs enqueued so far.</summary>
    public ConcurrentQueue<SyncJob> Jobs { get; } = new();

    /// <summary>When set, every enqueue throws it.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Runs after each successful enqueue, as a worker that picks the job up at once would.</summary>
    public Action<SyncJob>? OnEnqueued { get; set; }

    /// <inheritdoc />
    public Task EnqueueAsync(SyncJob job, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        if (FailWith is not null)
        {
            return Task.FromException(FailWith);
        }

        Jobs.Enqueue(job);
        OnEnqueued?.Invoke(job);
        return Task.CompletedTask;
    }
}

/// <summary>An in-memory job store for unit tests.</summary>
public sealed class InMemoryJobStore : IJobStore
{
    /// <summary>Records by job id.</summary>
    public ConcurrentDictionary<string, JobRecord> Records { get; } = new();

    /// <inheritdoc />
    public Task UpsertAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Records[record.JobId] = record;
        return Task.CompletedTask;
    }

    /// <summary>When set, <see cref="CreateAsync"/> waits for it first (to order a create after something else).</summary>
    public Func<JobRecord, Task>? BeforeCreate { get; set; }

    /// <summary>When set, every <see cref="CreateAsync"/> throws it.</summary>
    public Exception? FailCreateWith { get; set; }

    /// <inheritdoc />
    public async Task<bool> CreateAsync(JobRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (BeforeCreate is not null)
        {
            await BeforeCreate(record).ConfigureAwait(false);
        }

        return FailCreateWith is null ? Records.TryAdd(record.JobId, record) : throw FailCreateWith;
    }

    /// <inheritdoc />
    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default)
        => Task.FromResult(Records.TryGetValue(jobId, out var r) ? r : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRecord>> ListRecentAsync(int max, string? app = null, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<JobRecord>>(Records.Values.Where(r => app is null || r.App == app).OrderByDescending(r => r.QueuedAt).Take(max).ToList());
}

/// <summary>An in-memory delivery log with the table log's claim semantics (without expiry).</summary>
public sealed class InMemoryDeliveryLog : IDeliveryLog
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>Keys currently recorded (claimed, partly queued or completed).</summary>
    public ICollection<string> Keys => _entries.Keys;

    /// <inheritdoc />
    public Task<DeliveryClaim> TryClaimAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_entries.TryAdd(deliveryKey, new Entry(null, null)))
            {
                return Task.FromResult(new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Claimed, [], "1"));
            }

            if (!_entries.TryGetValue(deliveryKey, out var entry))
            {
                continue;
            }

            if (entry.Partial is { } queued)
            {
                // Given up after a partial enqueue: the next claim takes it over with what was queued.
                if (_entries.TryUpdate(deliveryKey, new Entry(null, null), entry))
                {
                    return Task.FromResult(new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Claimed, [], "1") { AlreadyQueued = queued });
                }

                continue;
            }

            return Task.FromResult(entry.JobIds is { } jobs
                ? new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.Duplicate, jobs, null)
                : new DeliveryClaim(deliveryKey, DeliveryClaimOutcome.InProgress, [], null));
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(DeliveryClaim claim, IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        _entries[claim.DeliveryKey] = new Entry(jobIds, null);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RecordPartialAsync(DeliveryClaim claim, IReadOnlyList<QueuedJob> queued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        _entries[claim.DeliveryKey] = new Entry(null, queued);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        _entries.TryRemove(claim.DeliveryKey, out _);
        return Task.CompletedTask;
    }

    private sealed record Entry(IReadOnlyList<string>? JobIds, IReadOnlyList<QueuedJob>? Partial);
}

/// <summary>A fixed app catalog for tests: the apps of each source, whatever the commit.</summary>
public sealed class FixtureAppCatalog(params AppDefinition[] apps) : IAppCatalog
{
    /// <summary>Sources asked for, in order (to assert the catalog was not consulted).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Apps declared but invalid, by source.</summary>
    public List<(string Source, InvalidApp App)> InvalidApps { get; } = [];

    /// <summary>Commits the source does not serve (asking for them throws <see cref="CommitUnavailableException"/>).</summary>
    public HashSet<string> UnavailableCommits { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public Task<SourceApps> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(source);
        if (commit is not null && UnavailableCommits.Contains(commit))
        {
            throw new CommitUnavailableException($"source '{source}': commit {commit} cannot be fetched");
        }

        return Task.FromResult(new SourceApps(
            [.. apps.Where(a => string.Equals(a.Source, source, StringComparison.OrdinalIgnoreCase))],
            [.. InvalidApps.Where(i => string.Equals(i.Source, source, StringComparison.OrdinalIgnoreCase)).Select(i => i.App)],
            []));
    }
}
