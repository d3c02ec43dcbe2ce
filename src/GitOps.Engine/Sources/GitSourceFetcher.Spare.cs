using System.Collections.Concurrent;

namespace GitOps.Engine.Sources;

/// <summary>
/// A spare work tree per source: a hard-linked copy of the newest checkout, made while <see cref="FetchHeadAsync"/> waits
/// on the network, so the incremental checkout that follows only writes the changed paths (linking hundreds of files
/// costs tens of milliseconds on a busy disk). The copy is made under a shared lease on its checkout, so eviction cannot
/// delete files from under it; a copy that failed in any way is discarded, never used.
/// </summary>
public sealed partial class GitSourceFetcher
{
    private readonly ConcurrentDictionary<string, SpareTree> spares = new(StringComparer.Ordinal);

    /// <summary>Starts linking a spare copy of the newest checkout unless one of it exists or is being made. Call under the source's gate.</summary>
    private void PrepareSpare(string source, string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var checkouts = Path.Combine(folder, "checkouts");
        var newest = Directory.Exists(checkouts) ? CheckoutsNewestFirst(checkouts).FirstOrDefault() : null;
        if (newest is null || (spares.TryGetValue(folder, out var existing) && existing.Commit == newest.Name))
        {
            return;
        }

        if (spares.TryRemove(folder, out var stale))
        {
            DiscardSpare(stale);
        }

        var directory = Path.Combine(folder, "tmp-spare-" + Guid.NewGuid().ToString("N"));
        var commit = newest.Name;
        var ready = Task.Run(() =>
        {
            using var lease = TryLease(source, commit, newest.FullName);
            if (lease is null)
            {
                return false; // Evicted meanwhile.
            }

            try
            {
                HardLinkTree.Copy(newest.FullName, directory);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                TryDelete(directory);
                return false;
            }
        });
        spares[folder] = new SpareTree(commit, directory, ready);
    }

    /// <summary>Takes the source's spare tree when it finished linking; null otherwise. Call under the source's gate.</summary>
    private async Task<SpareTree?> TakeSpareAsync(string folder)
    {
        if (!spares.TryRemove(folder, out var spare))
        {
            return null;
        }

        if (await spare.Ready.ConfigureAwait(false))
        {
            return spare;
        }

        DeleteLater(spare.Directory);
        return null;
    }

    // Rare (a newer checkout was made without the spare): delete it once its linking is over.
    private void DiscardSpare(SpareTree spare) =>
        _ = spare.Ready.ContinueWith(_ => DeleteLater(spare.Directory), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void DisposeSpares()
    {
        foreach (var spare in spares.Values)
        {
            spare.Ready.Wait(TimeSpan.FromSeconds(30));
            TryDelete(spare.Directory);
        }

        spares.Clear();
    }

    /// <summary>A hard-linked copy of the checkout of <paramref name="Commit"/> at <paramref name="Directory"/>, usable once <paramref name="Ready"/> is true.</summary>
    private sealed record SpareTree(string Commit, string Directory, Task<bool> Ready);
}
