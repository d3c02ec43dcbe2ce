using System.Collections.Concurrent;
using System.Security.Cryptography;
using GitOps.Engine.Manifests;

namespace GitOps.Engine.Rendering.Plain;

/// <summary>
/// Parsed manifest files by path and content hash, so a sync of a large app re-parses only the files that changed
/// (parsing YAML is most of a plain render). Bounded: two generations of at most <see cref="MaxEntries"/> files each;
/// an entry used in the older generation moves to the newer, and the older one is dropped when the newer fills.
/// Callers get their own copies of the documents, never the cached nodes.
/// </summary>
public sealed class ParsedManifestCache(int maxEntries = 20_000)
{
    private readonly Lock gate = new();
    private ConcurrentDictionary<string, IReadOnlyList<YamlDocument>> current = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, IReadOnlyList<YamlDocument>> previous = new(StringComparer.Ordinal);

    /// <summary>Files kept per generation.</summary>
    public int MaxEntries { get; } = maxEntries > 0 ? maxEntries : throw new ArgumentOutOfRangeException(nameof(maxEntries), "must be positive");

    /// <summary>Files parsed so far (cache misses); for tests and benchmarks.</summary>
    public long Parses => Interlocked.Read(ref parses);

    private long parses;

    /// <summary>The documents of <paramref name="content"/> (the file <paramref name="relative"/>), parsed by <paramref name="parse"/> only when not cached.</summary>
    public IReadOnlyList<YamlDocument> GetOrParse(string relative, byte[] content, Func<byte[], IReadOnlyList<YamlDocument>> parse)
    {
        ArgumentNullException.ThrowIfNull(relative);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(parse);
        var key = relative + "\0" + Convert.ToHexString(SHA256.HashData(content));
        if (Find(key) is { } hit)
        {
            return hit;
        }

        // Parse errors propagate and are not cached: a broken file is parsed (and reported) every time.
        var parsed = parse(content);
        Store(key, parsed);
        return parsed;
    }

    /// <summary>The documents of the file <paramref name="relative"/> with git blob id <paramref name="blobId"/>, when cached (a copy).</summary>
    public IReadOnlyList<YamlDocument>? TryGetByBlob(string relative, string blobId) => Find(BlobKey(relative, blobId));

    /// <summary>Keeps a copy of <paramref name="documents"/>, just parsed from the file <paramref name="relative"/> with git blob id <paramref name="blobId"/>.</summary>
    public void AddByBlob(string relative, string blobId, IReadOnlyList<YamlDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Store(BlobKey(relative, blobId), documents);
    }

    // A blob id names content as the SHA-256 key does, so the two kinds of key never need to meet.
    private static string BlobKey(string relative, string blobId) => relative + "\0blob:" + blobId;

    /// <summary>A copy of the cached documents under <paramref name="key"/> (moved to the newer generation), or null.</summary>
    private List<YamlDocument>? Find(string key)
    {
        if (current.TryGetValue(key, out var hit))
        {
            return Copy(hit);
        }

        if (previous.TryGetValue(key, out hit))
        {
            Add(key, hit);
            return Copy(hit);
        }

        return null;
    }

    /// <summary>Counts a parse and keeps a copy of its documents under <paramref name="key"/>.</summary>
    private void Store(string key, IReadOnlyList<YamlDocument> documents)
    {
        Interlocked.Increment(ref parses);
        Add(key, Copy(documents));
    }

    private void Add(string key, IReadOnlyList<YamlDocument> documents)
    {
        if (current.Count >= MaxEntries)
        {
            lock (gate)
            {
                if (current.Count >= MaxEntries)
                {
                    previous = current;
                    current = new ConcurrentDictionary<string, IReadOnlyList<YamlDocument>>(StringComparer.Ordinal);
                }
            }
        }

        current[key] = documents;
    }

    private static List<YamlDocument> Copy(IReadOnlyList<YamlDocument> documents) =>
        [.. documents.Select(d => d with { Content = d.Content?.DeepClone() })];
}
