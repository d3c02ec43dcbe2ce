using System.Collections.Concurrent;
using GitOps.Engine.Apps;
using GitOps.Engine.Sources;

namespace GitOps.Dashboard.Views;

/// <summary>
/// What the status rows do not hold, read from Git once per commit and remembered: the commit's subject and the namespaces
/// its app definitions declare. A failed read shows as unknown and is tried again on a later page.
/// </summary>
public sealed class CommitFacts(ISourceFetcher fetcher, IAppCatalog catalog)
{
    private const int MaxRemembered = 512;
    private readonly ConcurrentDictionary<(string Source, string Commit), Facts> _known = new();

    /// <summary>The commit's subject and its apps' namespaces (app name to namespace).</summary>
    public sealed record Facts(string? Subject, IReadOnlyDictionary<string, string?> Namespaces);

    /// <summary>Facts of each distinct (source, commit), read with bounded concurrency.</summary>
    public async Task<IReadOnlyDictionary<(string Source, string Commit), Facts>> ReadAsync(IEnumerable<(string Source, string Commit)> commits, CancellationToken cancellationToken)
    {
        var wanted = commits.Distinct().ToList();
        var missing = wanted.Where(c => !_known.ContainsKey(c)).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            if (await TryReadAsync(key.Source, key.Commit, ct) is { } facts)
            {
                if (_known.Count >= MaxRemembered)
                {
                    _known.Clear();
                }

                _known[key] = facts;
            }
        });
        return wanted.Where(_known.ContainsKey).ToDictionary(c => c, c => _known[c]);
    }

    private async Task<Facts?> TryReadAsync(string source, string commit, CancellationToken cancellationToken)
    {
        try
        {
            var subject = await fetcher.ReadCommitSubjectAsync(source, commit, cancellationToken);
            var apps = await catalog.GetAppsAsync(source, commit, cancellationToken);
            return new Facts(subject, apps.ToDictionary(a => a.Name, a => a.Namespace, StringComparer.Ordinal));
        }
        catch (Exception ex) when (ex is SourceException or AppDefinitionException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
