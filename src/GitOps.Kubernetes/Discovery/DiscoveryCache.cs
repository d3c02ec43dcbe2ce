using System.Text.Json.Nodes;
using GitOps.Kubernetes.Client;
using GitOps.Kubernetes.Http;

namespace GitOps.Kubernetes.Discovery;

/// <summary>
/// GroupVersionKind → resource (plural, scope, verbs) for one cluster. One fetch per group-version is shared by
/// every concurrent caller; entries expire after a TTL, and a miss (a new CRD) triggers one refetch.
/// </summary>
internal sealed class DiscoveryCache(KubernetesRequestSender sender, TimeSpan ttl, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<GroupVersionEntry>> _entries = new(StringComparer.Ordinal);

    /// <summary>Resolves a GVK; throws <see cref="UnknownKindException"/> when the server does not serve it.</summary>
    public async Task<ApiResource> GetAsync(GroupVersionKind gvk, CancellationToken cancellationToken)
    {
        var groupVersion = gvk.ApiVersion;
        var (entryTask, startedHere) = Entry(groupVersion, stale: null);
        var entry = await entryTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (entry.Resources.TryGetValue(gvk.Kind, out var resource))
        {
            return resource;
        }

        if (startedHere)
        {
            throw new UnknownKindException(gvk);
        }

        // A miss on an entry fetched earlier: the kind may be new (a CRD just established). Fetch again, once, shared.
        var (refreshTask, _) = Entry(groupVersion, stale: entryTask);
        var refreshed = await refreshTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        return refreshed.Resources.TryGetValue(gvk.Kind, out resource) ? resource : throw new UnknownKindException(gvk);
    }

    /// <summary>Drops every cached entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private (Task<GroupVersionEntry> Task, bool StartedHere) Entry(string groupVersion, Task<GroupVersionEntry>? stale)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(groupVersion, out var current) && current != stale && Usable(current))
            {
                return (current, false);
            }

            // Not tied to any caller's cancellation: other callers may be waiting on the same fetch.
            var fetch = Task.Run(() => FetchAsync(groupVersion));
            _entries[groupVersion] = fetch;
            return (fetch, true);
        }
    }

    private bool Usable(Task<GroupVersionEntry> task) =>
        !task.IsCompleted || (task.IsCompletedSuccessfully && timeProvider.GetUtcNow() - task.Result.FetchedAt < ttl);

    private async Task<GroupVersionEntry> FetchAsync(string groupVersion)
    {
        var path = groupVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{groupVersion}" : $"/api/{groupVersion}";
        var response = await sender.SendAsync(new KubeRequest(HttpMethod.Get, path, "discovery", groupVersion, Idempotent: true), CancellationToken.None).ConfigureAwait(false);
        var fetchedAt = timeProvider.GetUtcNow();
        if (response.StatusCode == 404)
        {
            return new GroupVersionEntry(new Dictionary<string, ApiResource>(StringComparer.Ordinal), fetchedAt);
        }

        if (!response.IsSuccess)
        {
            throw ApiStatusParser.ToException(response.StatusCode, response.Body, "discovery", path, null);
        }

        var resources = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        var slash = groupVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : groupVersion[..slash];
        var version = slash < 0 ? groupVersion : groupVersion[(slash + 1)..];
        if (JsonNode.Parse(response.Body)?["resources"] is JsonArray list)
        {
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
                resources[kind] = new ApiResource(new GroupVersionKind(group, version, kind), name, (bool?)item["namespaced"] ?? false, verbs);
            }
        }

        return new GroupVersionEntry(resources, fetchedAt);
    }

    private sealed record GroupVersionEntry(Dictionary<string, ApiResource> Resources, DateTimeOffset FetchedAt);
}
