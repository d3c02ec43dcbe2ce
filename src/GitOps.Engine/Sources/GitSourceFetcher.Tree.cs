using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GitOps.Engine.Configuration;

namespace GitOps.Engine.Sources;

/// <summary>
/// Commits read as trees of blobs (<c>git ls-tree</c>, then <c>git cat-file --batch</c> for the contents asked for), so a
/// sync of a plain app writes no files: creating hundreds of files is the slowest part of a cold checkout on a busy disk.
/// </summary>
public sealed partial class GitSourceFetcher
{
    private const int MaxCachedTrees = 16;
    // Per commit, its tree, or null when it needs a checkout: the pipeline and the catalog both ask, and a miss costs a git process.
    private readonly ConcurrentDictionary<(string Source, string Commit), SourceTree?> trees = new();

    /// <inheritdoc />
    public async Task<SourceTree?> TryReadTreeAsync(string source, string commit, CancellationToken cancellationToken = default)
    {
        var settings = Settings(source);
        RequireCommitId(source, commit);
        if (trees.TryGetValue((source, commit), out var cached))
        {
            return cached;
        }

        var files = await UnderSourceLocksAsync(source, settings, async (auth, repo) =>
        {
            await FetchAsync(auth, source, settings, repo, commit, cancellationToken).ConfigureAwait(false);
            var listing = await RunGitAsync(auth, source, "ls-tree", ["--git-dir=" + repo, "ls-tree", "-r", "-z", "-l", "--full-tree", commit], null, cancellationToken).ConfigureAwait(false);
            return listing.ExitCode == 0 ? ParseTree(listing.StandardOutput) : null;
        }, cancellationToken).ConfigureAwait(false);
        var tree = files is null ? null : new SourceTree(commit, files, (ids, ct) => ReadBlobsAsync(source, settings, ids, ct));
        if (trees.Count >= MaxCachedTrees)
        {
            trees.Clear();
        }

        trees[(source, commit)] = tree;
        return tree;
    }

    /// <summary>Entries of <c>ls-tree -r -z -l</c>; null when any is not a regular file or its name did not decode as UTF-8.</summary>
    internal static List<SourceTreeFile>? ParseTree(string output)
    {
        var files = new List<SourceTreeFile>();
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <object> <size>\t<path>", the size right-aligned with spaces.
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var fields = tab > 0 ? entry[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields.Length != 4 || fields[1] != "blob" || fields[0] is not ("100644" or "100755")
                || !IsCommitId(fields[2]) || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return null; // A symlink, a submodule or something unexpected: the checkout handles it.
            }

            var path = entry[(tab + 1)..];
            if (path.Length == 0 || path.Contains('\uFFFD', StringComparison.Ordinal))
            {
                return null;
            }

            files.Add(new SourceTreeFile(path, fields[2], size));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private Task<IReadOnlyDictionary<string, byte[]>?> ReadBlobsAsync(string source, SourceOptions settings, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, byte[]>?>(new Dictionary<string, byte[]>(StringComparer.Ordinal));
        }

        // Under the source's locks, so the cache repository is not trimmed while it is read.
        return UnderSourceLocksAsync(source, settings, async (auth, repo) =>
        {
            var input = string.Concat(ids.Select(id => id + "\n"));
            var result = await RunGitAsync(auth, source, "cat-file", ["--git-dir=" + repo, "cat-file", "--batch"], null, cancellationToken, input, binary: true).ConfigureAwait(false);
            return result.ExitCode == 0 && result.OutputBytes is { } bytes ? ParseBatch(bytes, ids.Count) : null;
        }, cancellationToken);
    }

    /// <summary>Objects of <c>cat-file --batch</c> output by id; null when one is missing or the output is not as expected.</summary>
    internal static IReadOnlyDictionary<string, byte[]>? ParseBatch(byte[] output, int expected)
    {
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var position = 0;
        while (position < output.Length)
        {
            var newline = Array.IndexOf(output, (byte)'\n', position);
            if (newline < 0)
            {
                return null;
            }

            // "<object> blob <size>\n<content>\n", or "<object> missing\n".
            var header = Encoding.ASCII.GetString(output, position, newline - position).Split(' ');
            if (header.Length != 3 || header[1] != "blob" || !int.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || newline + 1 + size >= output.Length || output[newline + 1 + size] != (byte)'\n')
            {
                return null;
            }

            blobs[header[0]] = output.AsSpan(newline + 1, size).ToArray();
            position = newline + 1 + size + 1;
        }

        return blobs.Count == expected ? blobs : null;
    }
}
