using System.Text.Json.Nodes;
using GitOps.Engine.Sync;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Inventory;

/// <summary>Reads an ApplySet's live members: one LIST per GroupKind across namespaces, selected by the part-of label.</summary>
public static class ApplySetMembers
{
    private static readonly GroupVersionKind CrdGvk = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition");

    /// <summary>
    /// Lists the members of each kind in <paramref name="groupKinds"/> ("Kind.group"): at the version in
    /// <paramref name="versions"/> (the desired objects', so they compare like with like) when the server serves it, else
    /// at the version discovery prefers. A kind no version serves has no members only when no CRD defines it any more
    /// (<see cref="LiveMembers.GoneReason"/>); while its CRD exists, and whenever a LIST fails, the kind gets a
    /// <see cref="LiveMembers.ListError"/>, never an empty list.
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
            try
            {
                results[i] = await ListKindAsync(client, groupKinds[i], versions.GetValueOrDefault(groupKinds[i]), selector, ct);
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

    private static async Task<LiveMembers> ListKindAsync(IKubernetesClient client, string groupKind, string? version, string selector, CancellationToken cancellationToken)
    {
        var (group, kind) = GroupKindName.Parse(groupKind);
        for (var attempt = 0; ; attempt++)
        {
            var resource = version is null || attempt > 0 ? null : await ServedAsync(client, new GroupVersionKind(group, version, kind), cancellationToken);
            resource ??= await client.GetPreferredResourceAsync(group, kind, cancellationToken);
            if (resource is null)
            {
                // Deleting a CRD deletes its objects, so a kind without one has no members left; with one, they are still stored.
                // A CRD not yet established (applied in this very sync) cannot have stored objects yet; one established since
                // discovery was read (applied alongside this listing) gets its kind resolved once more.
                var definingCrd = await DefiningCrdAsync(client, group, kind, cancellationToken);
                if (definingCrd is { Established: true } && attempt == 0)
                {
                    continue;
                }

                return definingCrd switch
                {
                    { Established: false } => new LiveMembers(groupKind, []),
                    { Name: var crd } => new LiveMembers(groupKind, [], $"no version of {groupKind} is served, but CustomResourceDefinition {crd} still defines it"),
                    null => new LiveMembers(groupKind, []) { GoneReason = $"{groupKind} is no longer served and no CustomResourceDefinition defines it: its objects went with it" },
                };
            }

            try
            {
                // One LIST per kind across namespaces: requests scale with kinds, not namespaces.
                return new LiveMembers(groupKind, (await client.ListAsync(resource.Gvk, null, selector, cancellationToken)).Items);
            }
            catch (UnknownKindException) when (attempt == 0)
            {
                // Discovery was stale (the client has dropped it): resolve the kind again.
            }
        }
    }

    private static async Task<ApiResource?> ServedAsync(IKubernetesClient client, GroupVersionKind gvk, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetResourceAsync(gvk, cancellationToken);
        }
        catch (UnknownKindException)
        {
            return null;
        }
    }

    private static async Task<(string? Name, bool Established)?> DefiningCrdAsync(IKubernetesClient client, string group, string kind, CancellationToken cancellationToken)
    {
        KubeObjectList crds;
        try
        {
            crds = await client.ListAsync(CrdGvk, cancellationToken: cancellationToken);
        }
        catch (UnknownKindException)
        {
            return null;
        }

        return crds.Items.FirstOrDefault(crd => ObjectMeta.String(crd["spec"] as JsonObject, "group") == group
                && ObjectMeta.String(crd["spec"]?["names"] as JsonObject, "kind") == kind) is { } found
            ? (ObjectMeta.String(found["metadata"] as JsonObject, "name"), IsEstablished(found))
            : null;
    }

    private static bool IsEstablished(JsonObject crd) =>
        crd["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True");
}
