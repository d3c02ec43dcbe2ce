using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GitOps.Engine.Configuration;
using GitOps.Engine.Rendering.Processes;
using Microsoft.Extensions.Logging;

namespace GitOps.Engine.Sources;

/// <summary>Fetches configured sources with the git CLI into a per-source cache of immutable, per-commit checkouts.</summary>
/// <remarks>
/// Layout per source: <c>{cache}/{name}-{urlhash}/repo.git</c> (bare, shallow fetches only),
/// <c>checkouts/{sha}</c> (created in a temp folder then renamed, never modified afterwards) and
/// <c>checkouts/{sha}.lease</c> (a shared file lock held while a job uses the checkout). Fetches and
/// evictions of one source are serialised by a semaphore (this process) and an exclusive lock on
/// <c>.lock</c> (other processes). A new commit's checkout takes over the newest one's folder when no job holds it (see
/// the incremental checkout); eviction keeps at most the newest <see cref="GitFetcherOptions.KeepCheckouts"/> and skips
/// any checkout whose lease another job holds.
/// </remarks>
public sealed partial class GitSourceFetcher(GitOpsOptions options, GitFetcherOptions fetcher, ILogger<GitSourceFetcher> logger, TimeProvider? time = null) : ISourceFetcher, IDisposable
{
    private const int MaxPacks = 32;
    private const int MaxFetchedCommits = 256;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    private readonly Lock deletionGate = new();
    private Task deletions = Task.CompletedTask;
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<string> ResolveHeadAsync(string source, CancellationToken cancellationToken = default)
    {
        var settings = Settings(source);
        using var auth = GitAuth.Create(source, settings);
        var reference = "refs/heads/" + settings.Branch;
        var result = await GitAsync(auth, source, "ls-remote", ["ls-remote", "--", auth.Url, reference], null, cancellationToken).ConfigureAwait(false);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && parts[1] == reference && IsCommitId(parts[0]))
            {
                LogResolved(logger, source, settings.Branch, parts[0]);
                return parts[0];
            }
        }

        throw new SourceException($"source '{source}': branch '{settings.Branch}' does not exist in {auth.Scrub(auth.Url)}");
    }

    /// <inheritdoc />
    public async Task<string> FetchHeadAsync(string source, string? expectedHead = null, CancellationToken cancellationToken = default)
    {
        var settings = Settings(source);
        if (expectedHead is not null && IsCommitId(expectedHead) && expectedHead.Any(c => c != '0')
            && await TryFetchBranchAsync(source, settings, expectedHead, cancellationToken).ConfigureAwait(false) is { } fetched)
        {
            return fetched;
        }

        // ls-remote answers in one turn and needs no lock; the fetch is needed only when the head is new here.
        var head = await ResolveHeadAsync(source, cancellationToken).ConfigureAwait(false);
        await UnderSourceLocksAsync(source, settings, async (auth, repo) =>
        {
            if (!IsListedShallow(repo, head))
            {
                // Best effort: when this fails (the head moved again, the network), CheckoutAsync fetches and reports.
                await FetchDeclaredShallowAsync(auth, source, repo, head, cancellationToken).ConfigureAwait(false);
            }

            return head;
        }, cancellationToken).ConfigureAwait(false);
        return head;
    }

    /// <summary>
    /// Fetches the branch itself (one git process, no ls-remote) with <paramref name="expected"/> (a push's new head)
    /// declared as the boundary, and returns the head it brought, whatever it is; null when the fetch failed, so the
    /// caller takes the ls-remote path, which says why (a missing branch, the network).
    /// </summary>
    private Task<string?> TryFetchBranchAsync(string source, SourceOptions settings, string expected, CancellationToken cancellationToken) =>
        UnderSourceLocksAsync<string?>(source, settings, async (auth, repo) =>
        {
            var result = await FetchDeclaredShallowAsync(auth, source, repo, expected, "refs/heads/" + settings.Branch, cancellationToken).ConfigureAwait(false);
            var head = result.ExitCode == 0 ? FetchedHead(repo) : null;
            if (head is not null)
            {
                LogFetchedBranch(logger, source, settings.Branch, head, expected);
            }

            return head;
        }, cancellationToken);

    /// <summary>Runs <paramref name="action"/> on the source's cache repository under its semaphore and file lock.</summary>
    private async Task<T> UnderSourceLocksAsync<T>(string source, SourceOptions settings, Func<GitAuth, string, Task<T>> action, CancellationToken cancellationToken)
    {
        var folder = SourceFolder(source, settings);
        var gate = gates.GetOrAdd(folder, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(folder);
            using var fileLock = await LockAsync(Path.Combine(folder, ".lock"), source, cancellationToken).ConfigureAwait(false);
            using var auth = GitAuth.Create(source, settings);
            var repo = await OpenRepositoryAsync(auth, source, folder, cancellationToken).ConfigureAwait(false);
            return await action(auth, repo).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<SourceCheckout> CheckoutAsync(string source, string commit, CancellationToken cancellationToken = default)
    {
        var settings = Settings(source);
        RequireCommitId(source, commit);
        var folder = SourceFolder(source, settings);
        var checkouts = Path.Combine(folder, "checkouts");
        var target = Path.Combine(checkouts, commit);
        return TryLease(source, commit, target) ?? await UnderSourceLocksAsync(source, settings, async (auth, repo) =>
        {
            if (TryLease(source, commit, target) is { } raced)
            {
                return raced;
            }

            Directory.CreateDirectory(checkouts);
            await FetchAsync(auth, source, settings, repo, commit, cancellationToken).ConfigureAwait(false);
            var temp = Path.Combine(folder, "tmp-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temp);
            try
            {
                var index = Path.Combine(folder, "index-" + Guid.NewGuid().ToString("N"));
                var env = new Dictionary<string, string?>(auth.Environment) { ["GIT_INDEX_FILE"] = index };
                try
                {
                    if (!await TryIncrementalCheckoutAsync(auth, source, repo, folder, checkouts, commit, temp, env, cancellationToken).ConfigureAwait(false))
                    {
                        await GitAsync(auth, source, "checkout", ["--git-dir=" + repo, "--work-tree=" + temp, "checkout", "--force", commit, "--", "."], env, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    File.Delete(index);
                }

                Directory.Move(temp, target);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }

            LogCheckedOut(logger, source, commit);
            var lease = TryLease(source, commit, target) ?? throw new SourceException($"source '{source}': checkout of {commit} vanished after creation");
            Evict(source, checkouts, commit);
            TrimRepository(repo);
            return lease;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Task pending;
        lock (deletionGate)
        {
            pending = deletions;
        }

        // Bounded: a deletion that hangs is left to the operating system's temp cleanup.
        pending.Wait(TimeSpan.FromSeconds(30));
        foreach (var gate in gates.Values)
        {
            gate.Dispose();
        }
    }

    private async Task FetchAsync(GitAuth auth, string source, SourceOptions settings, string repo, string commit, CancellationToken cancellationToken)
    {
        // Each git process costs tens of milliseconds on a busy host, so the common paths spawn one:
        // a commit fetched before is listed in the shallow file (every fetch here is --depth 1), and a
        // fetch by id that exits 0 has the commit. Only when the fetch fails is the local store asked.
        if (IsListedShallow(repo, commit))
        {
            return;
        }

        var byId = await FetchDeclaredShallowAsync(auth, source, repo, commit, cancellationToken).ConfigureAwait(false);
        if (byId.ExitCode == 0 || await HasCommitAsync(auth, source, repo, commit, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (auth.UsesProtocolV0)
        {
            // Protocol v0 serves only advertised tips; v2 serves any reachable commit (an older one, a resumed job's).
            var v2 = await RunGitAsync(auth, source, "fetch", ["-c", "protocol.version=2", "-C", repo, "fetch", "--quiet", "--depth", "1", "--no-tags", "--", auth.Url, commit], null, cancellationToken).ConfigureAwait(false);
            if (v2.ExitCode == 0)
            {
                return;
            }
        }

        // The server refuses unadvertised ids (no uploadpack.allowReachableSHA1InWant): the commit is
        // not the branch tip any more. Fetch the tip to say where the head moved.
        var reference = "refs/heads/" + settings.Branch;
        var tip = await RunGitAsync(auth, source, "fetch", ["-C", repo, "fetch", "--quiet", "--depth", "1", "--no-tags", "--", auth.Url, reference], null, cancellationToken).ConfigureAwait(false);
        if (tip.ExitCode != 0)
        {
            throw new SourceException($"source '{source}': git fetch of {commit} from {auth.Scrub(auth.Url)} failed: {Summary(auth, byId.StandardError)}");
        }

        var head = (await GitAsync(auth, source, "rev-parse", ["-C", repo, "rev-parse", "FETCH_HEAD"], null, cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        if (!string.Equals(head, commit, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommitUnavailableException($"source '{source}': commit {commit} is not served: the head of branch '{settings.Branch}' is {head} and the server serves no other commit (the commit is unknown to it or no longer the head); resolve the head again");
        }
    }

    private static bool IsListedShallow(string repo, string commit)
    {
        var shallow = Path.Combine(repo, "shallow");
        try
        {
            return File.Exists(shallow) && File.ReadLines(shallow).Any(line => string.Equals(line.Trim(), commit, StringComparison.OrdinalIgnoreCase));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<bool> HasCommitAsync(GitAuth auth, string source, string repo, string commit, CancellationToken cancellationToken)
    {
        var result = await RunGitAsync(auth, source, "cat-file", ["-C", repo, "cat-file", "-e", commit + "^{commit}"], null, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    private SourceCheckout? TryLease(string source, string commit, string target)
    {
        if (!Directory.Exists(target))
        {
            return null;
        }

        FileStream lease;
        try
        {
            // A shared lock (flock LOCK_SH): many jobs may use a checkout; eviction needs it exclusively.
            lease = new FileStream(target + ".lease", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (IOException)
        {
            return null; // Being evicted right now.
        }

        if (!Directory.Exists(target))
        {
            lease.Dispose();
            return null;
        }

        Directory.SetLastWriteTimeUtc(target, clock.GetUtcNow().UtcDateTime);
        return new SourceCheckout(source, commit, target, lease.Dispose);
    }

    private void Evict(string source, string checkouts, string keep)
    {
        var candidates = CheckoutsNewestFirst(checkouts, except: keep).Skip(fetcher.KeepCheckouts - 1);
        foreach (var stale in candidates)
        {
            var trash = Path.Combine(Path.GetDirectoryName(checkouts)!, "trash-" + Guid.NewGuid().ToString("N"));
            if (!TryMoveUnleased(stale, trash))
            {
                continue; // In use by a job; try again next time.
            }

            DeleteLater(trash);
            LogEvicted(logger, source, stale.Name);
        }
    }

    /// <summary>
    /// Moves a checkout out of the checkouts folder to <paramref name="destination"/> unless a job holds its lease; the
    /// exclusive lock taken for the move makes a job that leases it meanwhile see it gone. Call under the source's locks.
    /// </summary>
    private static bool TryMoveUnleased(DirectoryInfo checkout, string destination)
    {
        FileStream exclusive;
        try
        {
            exclusive = new FileStream(checkout.FullName + ".lease", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return false;
        }

        using (exclusive)
        {
            Directory.Move(checkout.FullName, destination);
            File.Delete(checkout.FullName + ".lease");
        }

        return true;
    }

    // Deleting an evicted checkout (hundreds of files) would hold up the job that needs the new one: it was renamed out
    // of the checkouts folder already, so it is deleted in the background, one at a time.
    private void DeleteLater(string trash)
    {
        lock (deletionGate)
        {
            deletions = deletions.ContinueWith(_ => TryDelete(trash), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    // Every shallow fetch adds a pack (or, when small, loose objects) and a line to the shallow file; the bare
    // repository is only a cache of what the checkouts already hold, so past a bound it is dropped and the next
    // fetch starts a fresh one.
    internal static void TrimRepository(string repo)
    {
        var packs = Path.Combine(repo, "objects", "pack");
        var shallow = Path.Combine(repo, "shallow");
        if ((Directory.Exists(packs) && Directory.GetFiles(packs, "*.pack").Length > MaxPacks)
            || (File.Exists(shallow) && File.ReadLines(shallow).Skip(MaxFetchedCommits).Any()))
        {
            TryDelete(repo);
        }
    }

    private async Task<IDisposable> LockAsync(string path, string source, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + fetcher.LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                // Another process is fetching this source; poll its lock.
                await Task.Delay(TimeSpan.FromMilliseconds(200), clock, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new SourceException($"source '{source}': the cache lock {path} was held for more than {fetcher.LockTimeout.TotalSeconds:0} s", ex);
            }
        }
    }

    private async Task<ToolResult> GitAsync(GitAuth auth, string source, string verb, IReadOnlyList<string> arguments, Dictionary<string, string?>? environment, CancellationToken cancellationToken, string? input = null)
    {
        var result = await RunGitAsync(auth, source, verb, arguments, environment, cancellationToken, input).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            LogGitFailed(logger, source, verb, result.ExitCode, Summary(auth, result.StandardError));
            throw new SourceException($"source '{source}': git {verb} failed (exit {result.ExitCode}) for {auth.Scrub(auth.Url)}: {Summary(auth, result.StandardError)}");
        }

        return result;
    }

    private async Task<ToolResult> RunGitAsync(GitAuth auth, string source, string verb, IReadOnlyList<string> arguments, Dictionary<string, string?>? environment, CancellationToken cancellationToken, string? input = null, bool binary = false)
    {
        try
        {
            var result = await ToolRunner.RunAsync(
                new ToolInvocation(fetcher.Git, arguments)
                {
                    DisplayName = "git " + verb,
                    Environment = environment ?? auth.Environment,
                    Timeout = fetcher.Timeout,
                    // Blob contents are bounded by the renderer's own limits before they are asked for.
                    MaxOutputBytes = binary ? 1024L * 1024 * 1024 : 16L * 1024 * 1024,
                    StandardInput = input,
                    BinaryOutput = binary,
                },
                cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (ToolRunException ex)
        {
            throw new SourceException($"source '{source}': {auth.Scrub(ex.Message)}", ex);
        }
    }

    private static string Summary(GitAuth auth, string stderr)
    {
        var text = auth.Scrub(stderr).Trim().ReplaceLineEndings(" ");
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    private SourceOptions Settings(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!options.Sources.TryGetValue(source, out var settings))
        {
            throw new SourceException($"source '{source}' is not configured (GitOps:Sources)");
        }

        if (string.IsNullOrWhiteSpace(settings.Url))
        {
            throw new SourceException($"source '{source}': GitOps:Sources:{source}:Url is not set");
        }

        if (!BranchName().IsMatch(settings.Branch) || settings.Branch.Contains("..", StringComparison.Ordinal))
        {
            throw new SourceException($"source '{source}': GitOps:Sources:{source}:Branch '{settings.Branch}' is not a valid branch name");
        }

        return settings;
    }

    private string SourceFolder(string source, SourceOptions settings)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SecretScrubber.Scrub(settings.Url) + "\n" + settings.Branch)))[..12];
        var safe = new string(source.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        return Path.Combine(fetcher.CacheDirectory, $"{safe}-{hash}");
    }

    private static void RequireCommitId(string source, string commit)
    {
        if (!IsCommitId(commit))
        {
            throw new SourceException($"source '{source}': '{commit}' is not a full commit id");
        }
    }

    private static bool IsCommitId(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>The per-commit checkouts in <paramref name="checkouts"/>, most recently made or used first, without <paramref name="except"/>.</summary>
    private static IEnumerable<DirectoryInfo> CheckoutsNewestFirst(string checkouts, string? except = null) =>
        new DirectoryInfo(checkouts).GetDirectories()
            .Where(d => IsCommitId(d.Name) && !string.Equals(d.Name, except, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(d => d.LastWriteTimeUtc);

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for a later eviction; it is outside the checkouts folder.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BranchName();

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Source {Source} branch {Branch} head is {Commit}")]
    private static partial void LogResolved(ILogger logger, string source, string branch, string commit);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Source {Source} commit {Commit} checked out")]
    private static partial void LogCheckedOut(ILogger logger, string source, string commit);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Source {Source} checkout {Commit} evicted")]
    private static partial void LogEvicted(ILogger logger, string source, string commit);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Source {Source} branch {Branch} fetched at {Commit} (the push named {Expected})")]
    private static partial void LogFetchedBranch(ILogger logger, string source, string branch, string commit, string expected);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Source {Source}: git {Verb} exited {ExitCode}: {Error}")]
    private static partial void LogGitFailed(ILogger logger, string source, string verb, int exitCode, string error);
}
