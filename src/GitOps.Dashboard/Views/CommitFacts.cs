using System.Collections.Concurrent;
using GitOps.Engine.Apps;
using GitOps.Engine.Sources;

namespace GitOps.Dashboard.Views;

/// <summary>
/// What the status rows do not hold, read from Git once per commit and remembered: the commit's subject and the namespaces
/// its app definitions declare. A page waits for them only briefly: what is not read yet shows as unknown and arrives with a
/// later refresh (a fleet's first page would otherwise wait for a git call per commit). A failed read is tried again later.
/// </summary>
public sealed class CommitFacts(ISourceFetcher fetcher, IAppCatalog catalog, TimeProvider time) : IDisposable
{
    /// <summary>How long a page waits for facts it does not have yet.</summary>
    public static readonly TimeSpan PageBudget = TimeSpan.FromSeconds(2);

    private const int MaxRemembered = 4096;
    private static readonly TimeSpan RetryFailedAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Source, string Commit), (Facts? Facts, DateTimeOffset RetryAt)> _known = new();
    private readonly ConcurrentDictionary<(string Source, string Commit), Task> _reading = new();
    private readonly SemaphoreSlim _gitCalls = new(4, 4);

    /// <summary>The commit's subject and its apps' namespaces (app name to namespace).</summary>
    public sealed record Facts(string? Subject, IReadOnlyDictionary<string, string?> Namespaces);

    /// <summary>Facts of each distinct (source, commit) known now or read within <see cref="PageBudget"/>; reads go on in the background.</summary>
    public async Task<IReadOnlyDictionary<(string Source, string Commit), Facts>> ReadAsync(IEnumerable<(string Source, string Commit)> commits, CancellationToken cancellationToken)
    {
        var wanted = commits.Distinct().ToList();
        var now = time.GetUtcNow();
        var reads = wanted.Where(c => !_known.TryGetValue(c, out var k) || (k.Facts is null && k.RetryAt <= now))
            .Select(c => _reading.GetOrAdd(c, ReadOneAsync))
            .ToList();
        if (reads.Count > 0)
        {
            await Task.WhenAny(Task.WhenAll(reads), Task.Delay(PageBudget, time, cancellationToken));
        }

        return wanted.Where(c => _known.TryGetValue(c, out var k) && k.Facts is not null).ToDictionary(c => c, c => _known[c].Facts!);
    }

    /// <inheritdoc />
    public void Dispose() => _gitCalls.Dispose();

    // Not tied to a request: a read that outlives its page still fills the cache for the next refresh.
    private async Task ReadOneAsync((string Source, string Commit) key)
    {
        await Task.Yield();
        await _gitCalls.WaitAsync();
        try
        {
            var facts = await TryReadAsync(key.Source, key.Commit);
            if (_known.Count >= MaxRemembered)
            {
                _known.Clear();
            }

            _known[key] = (facts, time.GetUtcNow() + RetryFailedAfter);
        }
        finally
        {
            _gitCalls.Release();
            _reading.TryRemove(key, out _);
        }
    }

    private async Task<Facts?> TryReadAsync(string source, string commit)
    {
        try
        {
            var subject = await fetcher.ReadCommitSubjectAsync(source, commit);
            var apps = await catalog.GetAppsAsync(source, commit);
            return new Facts(subject, apps.Apps.ToDictionary(a => a.Name, a => a.Namespace, StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is SourceException or AppDefinitionException or IOException or TimeoutException)
        {
            return null;
        }
    }
}
