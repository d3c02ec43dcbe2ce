using System.Text.Json.Nodes;
using GitOps.Kubernetes.Client;

namespace GitOps.Kubernetes.Discovery;

/// <summary>
/// GroupVersionKind → resource (plural, scope, verbs) for one cluster, and group → served versions (preferred first).
/// One fetch per document is shared by every concurrent caller; entries expire after a TTL, and a miss (a new CRD)
/// triggers one refetch.
/// </summary>
/// <param name="fetch">GETs a discovery document by path; null when the server answers 404.</param>
internal sealed class DiscoveryCache(Func<string, CancellationToken, Task<JsonObject?>> fetch, TimeSpan ttl, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<Entry<Dictionary<string, ApiResource>>>> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Entry<Dictionary<string, string[]>>>> _groups = new(StringComparer.Ordinal);

    /// <summary>Resolves a GVK; throws <see cref="UnknownKindException"/> when the server does not serve it.</summary>
    public async Task<ApiResource> GetAsync(GroupVersionKind gvk, CancellationToken cancellationToken) =>
        await FindAsync(_resources, gvk.ApiVersion, FetchResourcesAsync, r => r.GetValueOrDefault(gvk.Kind), cancellationToken).ConfigureAwait(false)
        ?? throw new UnknownKindException(gvk);

    /// <summary>
    /// The kind at the version discovery prefers: the group's preferred version when it serves the kind, else the first
    /// other served version that does (as kubectl's mapper chooses). Null when no version of the group serves the kind.
    /// </summary>
    public async Task<ApiResource?> GetPreferredAsync(string group, string kind, CancellationToken cancellationToken)
    {
        // Core versions come from /api, every other group's from /apis.
        var list = group.Length == 0 ? "/api" : "/apis";
        var versions = await FindAsync(_groups, list, FetchGroupsAsync, g => g.GetValueOrDefault(group), cancellationToken).ConfigureAwait(false);
        foreach (var version in versions ?? [])
        {
            var resource = await FindAsync(_resources, new GroupVersionKind(group, version, kind).ApiVersion, FetchResourcesAsync,
                r => r.GetValueOrDefault(kind), cancellationToken).ConfigureAwait(false);
            if (resource is not null)
            {
                return resource;
            }
        }

        return null;
    }

    /// <summary>Drops what is cached about a GVK's group-version and the group lists (the server stopped serving it).</summary>
    public void Forget(GroupVersionKind gvk)
    {
        lock (_gate)
        {
            _resources.Remove(gvk.ApiVersion);
            _groups.Clear();
        }
    }

    /// <summary>Drops every cached entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _resources.Clear();
            _groups.Clear();
        }
    }

    // Looks a value up in a cached document; a miss in a document fetched earlier fetches it again, once, shared.
    private async Task<TValue?> FindAsync<TDoc, TValue>(
        Dictionary<string, Task<Entry<TDoc>>> cache, string key, Func<string, Task<TDoc>> load, Func<TDoc, TValue?> lookup, CancellationToken cancellationToken)
        where TValue : class
    {
        var (task, startedHere) = Start(cache, key, load, stale: null);
        var found = lookup((await task.WaitAsync(cancellationToken).ConfigureAwait(false)).Value);
        if (found is not null || startedHere)
        {
            return found;
        }

        var (refresh, _) = Start(cache, key, load, stale: task);
        return lookup((await refresh.WaitAsync(cancellationToken).ConfigureAwait(false)).Value);
    }

    private (Task<Entry<TDoc>> Task, bool StartedHere) Start<TDoc>(
        Dictionary<string, Task<Entry<TDoc>>> cache, string key, Func<string, Task<TDoc>> load, Task<Entry<TDoc>>? stale)
    {
        lock (_gate)
        {
            if (cache.TryGetValue(key, out var current) && current != stale && Usable(current))
            {
                return (current, false);
            }

            // Not tied to any caller's cancellation: other callers may be waiting on the same fetch.
            var task = Task.Run(async () => new Entry<TDoc>(await load(key).ConfigureAwait(false), timeProvider.GetUtcNow()));
            cache[key] = task;
            return (task, true);
        }
    }

    private bool Usable<TDoc>(Task<Entry<TDoc>> task) =>
        !task.IsCompleted || (task.IsCompletedSuccessfully && timeProvider.GetUtcNow() - task.Result.FetchedAt < ttl);

    private async Task<Dictionary<string, ApiResource>> FetchResourcesAsync(string groupVersion)
    {
        var path = groupVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{groupVersion}" : $"/api/{groupVersion}";
        var resources = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        var gv = GroupVersionKind.From(groupVersion, "");
        if ((await fetch(path, CancellationToken.None).ConfigureAwait(false))?["resources"] is not JsonArray list)
        {
            return resources;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            var name = (string?)item["name"];
            var kind = (string?)item["kind"];
            // Subresources (deployments/status, pods/log) are not kinds of their own.
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(kind) || name.Contains('/', StringComparison.Ordinal) || resources.ContainsKey(kind))
            {
                continue;
            }

            var verbs = item["verbs"] is JsonArray verbArray ? verbArray.Select(v => (string?)v ?? "").Where(v => v.Length > 0).ToArray() : [];
            resources[kind] = new ApiResource(gv with { Kind = kind }, name, (bool?)item["namespaced"] ?? false, verbs);
        }

        return resources;
    }

    // /api answers APIVersions (the core group's versions); /apis answers APIGroupList (each group's versions and preferred one).
    private async Task<Dictionary<string, string[]>> FetchGroupsAsync(string path)
    {
        var document = await fetch(path, CancellationToken.None).ConfigureAwait(false);
        var groups = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (path == "/api")
        {
            groups[""] = document?["versions"] is JsonArray core ? [.. core.Select(v => (string?)v).OfType<string>()] : [];
            return groups;
        }

        foreach (var group in (document?["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)group["name"] is not { Length: > 0 } name)
            {
                continue;
            }

            var served = (group["versions"] as JsonArray ?? []).Select(v => (string?)v?["version"]).OfType<string>();
            var preferred = (string?)group["preferredVersion"]?["version"];
            groups[name] = preferred is null ? [.. served] : [preferred, .. served.Where(v => v != preferred)];
        }

        return groups;
    }

    private sealed record Entry<TDoc>(TDoc Value, DateTimeOffset FetchedAt);
}
