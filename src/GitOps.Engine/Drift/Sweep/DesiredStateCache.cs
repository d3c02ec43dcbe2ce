using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOps.Engine.Apps;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>Rendered desired states by app and commit, kept between sweeps so a sweep costs no render while Git is unchanged.</summary>
/// <remarks>Bounded: when full, the oldest entries go. Entries are immutable; callers never change the objects.</remarks>
public sealed class DesiredStateCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<DesiredSnapshot>>> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    /// <summary>Entries currently held.</summary>
    public int Count => entries.Count;

    /// <summary>Returns the cached desired state, rendering it once (concurrent callers share the render).</summary>
    public async Task<DesiredSnapshot> GetOrAddAsync(string app, string commit, Func<Task<DesiredSnapshot>> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        var key = app + "@" + commit;
        var lazy = entries.GetOrAdd(key, _ =>
        {
            order.Enqueue(key);
            return new Lazy<Task<DesiredSnapshot>>(render, LazyThreadSafetyMode.ExecutionAndPublication);
        });
        try
        {
            var snapshot = await lazy.Value;
            Trim();
            return snapshot;
        }
        catch
        {
            // A failed render is not cached: the next sweep tries again.
            entries.TryRemove(new KeyValuePair<string, Lazy<Task<DesiredSnapshot>>>(key, lazy));
            throw;
        }
    }

    private void Trim()
    {
        while (entries.Count > capacity && order.TryDequeue(out var oldest))
        {
            entries.TryRemove(oldest, out _);
        }
    }
}

/// <summary>An app's desired objects at one commit, as the sync would apply them (namespaces defaulted, ApplySet label set).</summary>
/// <param name="App">The app definition at that commit.</param>
/// <param name="Objects">Desired objects.</param>
/// <param name="Versions">Group kind ("Kind.group") to the version to list members with.</param>
public sealed record DesiredSnapshot(AppDefinition App, IReadOnlyList<JsonObject> Objects, IReadOnlyDictionary<string, string> Versions);
