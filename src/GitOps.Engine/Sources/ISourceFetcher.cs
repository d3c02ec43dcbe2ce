namespace GitOps.Engine.Sources;

/// <summary>Fetches a configured source's branch head into a local, read-only checkout.</summary>
public interface ISourceFetcher
{
    /// <summary>Resolves the branch head commit (git ls-remote); throws <see cref="SourceException"/> when the branch does not exist.</summary>
    Task<string> ResolveHeadAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves the branch head and, when it is new to the cache, fetches it too, for syncs that expect a new head (the
    /// fetch can overlap other preparation). A following <see cref="CheckoutAsync"/> of the returned commit needs no network.
    /// <paramref name="expectedHead"/> (a push's new head) only makes the fetch cheaper when it is right: the branch's
    /// actual head is returned either way.
    /// </summary>
    Task<string> FetchHeadAsync(string source, string? expectedHead = null, CancellationToken cancellationToken = default) => ResolveHeadAsync(source, cancellationToken);

    /// <summary>Fetches exactly <paramref name="commit"/> (shallow) and returns its checkout. Dispose the lease when done.</summary>
    Task<SourceCheckout> CheckoutAsync(string source, string commit, CancellationToken cancellationToken = default);

    /// <summary>The first line of <paramref name="commit"/>'s message, or null when this fetcher cannot tell.</summary>
    Task<string?> ReadCommitSubjectAsync(string source, string commit, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    /// <summary>
    /// Fetches exactly <paramref name="commit"/> and lists its files without checking it out, or returns null when this
    /// fetcher cannot or the tree needs a checkout (symlinks, submodules, names that are not UTF-8).
    /// </summary>
    Task<SourceTree?> TryReadTreeAsync(string source, string commit, CancellationToken cancellationToken = default) => Task.FromResult<SourceTree?>(null);
}

/// <summary>A checked-out commit on disk; disposing releases it to the cache.</summary>
public sealed class SourceCheckout(string source, string commit, string directory, Action? release = null) : IDisposable
{
    public string Source { get; } = source;
    public string Commit { get; } = commit;

    /// <summary>Absolute path of the work tree.</summary>
    public string Directory { get; } = directory;

    public void Dispose() => release?.Invoke();
}

/// <summary>A source could not be resolved or fetched; the message is safe to log (no credentials).</summary>
public class SourceException : Exception
{
    public SourceException(string message) : base(message) { }
    public SourceException(string message, Exception inner) : base(message, inner) { }
    public SourceException() { }
}

/// <summary>
/// The source answered, but it does not serve the commit asked for: the commit is not the branch head and the server
/// serves only heads. Whether it never existed or was the head once cannot be told apart; the head can still be synced.
/// </summary>
public sealed class CommitUnavailableException : SourceException
{
    public CommitUnavailableException(string message) : base(message) { }
    public CommitUnavailableException(string message, Exception inner) : base(message, inner) { }
    public CommitUnavailableException() { }
}
