using GitOps.Engine.Sync;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Inventory;

/// <summary>Reads an ApplySet's live members: one LIST per GroupKind across namespaces, selected by the part-of label.</summary>
public static class ApplySetMembers
{
    /// <summary>
    /// Lists the members of each kind in <paramref name="groupKinds"/> ("Kind.group"), using the version in
    /// <paramref name="versions"/> or "v1". A kind the server no longer serves has no members; a failed LIST is
    /// returned as that kind's <see cref="LiveMembers.ListError"/>, never as an empty list.
    /// </summary>
    public static async Task<IReadOnlyList<LiveMembers>> ListAsync(
        IKubernetesClient client, string applySetId, IReadOnlyList<string> groupKinds, IReadOnlyDictionary<string, string> versions,
        int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(groupKinds);
        ArgumentNullException.ThrowIfNull(versions);
        var selector = $"{ApplySetLabels.PartOf}={applySetId}";
        var results = new LiveMembers[groupKinds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, groupKinds.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (group, kind) = GroupKindName.Parse(groupKinds[i]);
            var version = versions.TryGetValue(groupKinds[i], out var v) ? v : "v1";
            try
            {
                // One LIST per kind across namespaces: requests scale with kinds, not namespaces.
                var list = await client.ListAsync(new GroupVersionKind(group, version, kind), null, selector, ct);
                results[i] = new LiveMembers(groupKinds[i], list.Items);
            }
            catch (UnknownKindException)
            {
                results[i] = new LiveMembers(groupKinds[i], []);
            }
            catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException or TimeoutException && !ct.IsCancellationRequested)
            {
                results[i] = new LiveMembers(groupKinds[i], [], ex.Message, SyncErrors.IsTransient(ex));
            }
        });
        return results;
    }

    /// <summary>
    /// Lists the members of each kind as <see cref="ListAsync"/> does, for callers that conclude something from the whole
    /// set (drift, the prune preview): a failed LIST throws an <see cref="ApplySetException"/> naming the kind and the parent.
    /// </summary>
    public static async Task<IReadOnlyList<LiveMembers>> ListCompleteAsync(
        IKubernetesClient client, ApplySetParent parent, IReadOnlyList<string> groupKinds, IReadOnlyDictionary<string, string> versions,
        int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var lists = await ListAsync(client, parent.Id, groupKinds, versions, concurrency, cancellationToken).ConfigureAwait(false);
        return lists.FirstOrDefault(l => l.ListError is not null) is { } failed
            ? throw new ApplySetException($"listing the {failed.GroupKind} members of ApplySet {parent.Namespace}/{parent.Name} failed: {failed.ListError}")
            : lists;
    }
}
