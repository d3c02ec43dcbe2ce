namespace GitOps.Engine.Sources;

/// <summary>
/// A commit's files as git lists them, read from the source's cache repository without writing a checkout: the plain
/// render and the app catalog use it so that a sync writes no files. Only commits whose tree holds regular files alone
/// are offered (no symlinks, no submodules), so paths need no resolving.
/// </summary>
public sealed class SourceTree(string commit, IReadOnlyList<SourceTreeFile> files, Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>?>> readBlobs)
{
    private readonly HashSet<string> folders = FoldersOf(files);

    /// <summary>The commit listed.</summary>
    public string Commit { get; } = commit;

    /// <summary>Every file of the commit, by repository-relative path ('/'-separated), in ordinal path order.</summary>
    public IReadOnlyList<SourceTreeFile> Files { get; } = files;

    /// <summary>The contents of <paramref name="blobIds"/>; null when the cache no longer holds one (check the commit out instead).</summary>
    public Task<IReadOnlyDictionary<string, byte[]>?> ReadBlobsAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken = default) =>
        readBlobs(blobIds, cancellationToken);

    /// <summary>Whether <paramref name="folder"/> (normalised, "" for the root) holds any file, which is when a checkout has it.</summary>
    public bool HasFolder(string folder) => folder.Length == 0 || folders.Contains(folder);

    /// <summary>The files below <paramref name="folder"/> (normalised, "" for the root), with paths relative to it.</summary>
    public IEnumerable<(string Relative, SourceTreeFile File)> FilesUnder(string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder + "/";
        foreach (var file in Files)
        {
            if (file.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return (file.Path[prefix.Length..], file);
            }
        }
    }

    /// <summary>
    /// What walking <paramref name="folder"/> on disk would visit: its files and folders at every level, and the deepest
    /// nesting of a file, so the same walk limits apply to a tree as to a checkout.
    /// </summary>
    public (int Entries, int Depth) ShapeUnder(string folder)
    {
        var entries = 0;
        var depth = 0;
        var nested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (relative, _) in FilesUnder(folder))
        {
            entries++;
            var levels = 0;
            for (var slash = relative.IndexOf('/'); slash > 0; slash = relative.IndexOf('/', slash + 1))
            {
                levels++;
                if (nested.Add(relative[..slash]))
                {
                    entries++;
                }
            }

            depth = Math.Max(depth, levels);
        }

        return (entries, depth);
    }

    private static HashSet<string> FoldersOf(IReadOnlyList<SourceTreeFile> files)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            for (var slash = file.Path.LastIndexOf('/'); slash > 0; slash = file.Path.LastIndexOf('/', slash - 1))
            {
                if (!set.Add(file.Path[..slash]))
                {
                    break;
                }
            }
        }

        return set;
    }
}

/// <summary>One regular file of a <see cref="SourceTree"/>: its path, blob id and size in bytes.</summary>
public sealed record SourceTreeFile(string Path, string BlobId, long Size);
