using System.Text.Json.Nodes;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Sync;

/// <summary>Deletes the members prune selected, in order, with a uid precondition so a recreated object is never hit.</summary>
public sealed class ObjectPruner(IKubernetesClient client, SyncPipelineOptions options)
{
    /// <summary>Deletes each object; returns the ones that failed (they stay in the inventory) and the first transient error.</summary>
    public async Task<(IReadOnlyList<ObjectRef> Failed, Exception? Transient)> PruneAsync(PruneDecision decision, ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var kept in decision.Kept)
        {
            changes.Add(kept);
        }

        var failed = new List<ObjectRef>();
        Exception? transient = null;
        // Reverse apply order matters between stages (custom resources before their CRDs, namespaces last); within a stage deletes run concurrently.
        foreach (var stage in decision.ToDelete.GroupBy(d => (SyncOrder.WaveOf(d.Live), SyncOrder.StageOf(d.Ref.Group, d.Ref.Kind))))
        {
            var items = stage.ToList();
            var results = new (ObjectRef Ref, string? Error, Exception? Transient)[items.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (i, ct) => results[i] = await DeleteOneAsync(items[i].Ref, items[i].Live, ct));
            foreach (var (r, error, t) in results)
            {
                if (error is null)
                {
                    changes.Add(r, ChangeAction.Pruned);
                }
                else
                {
                    changes.Add(r, ChangeAction.Failed, $"prune failed: {error}");
                    failed.Add(r);
                }

                transient ??= t;
            }
        }

        return (failed, transient);
    }

    private async Task<(ObjectRef, string?, Exception?)> DeleteOneAsync(ObjectRef r, JsonObject live, CancellationToken cancellationToken)
    {
        try
        {
            var uid = ObjectMeta.String(live["metadata"] as JsonObject, "uid");
            await client.DeleteAsync(GroupVersionKind.Of(live), r.Namespace, r.Name, new DeleteOptions("Background", PreconditionUid: uid), cancellationToken);
            return (r, null, null);
        }
        catch (KubernetesApiException ex) when (ex.IsConflict && ex.Code == 409)
        {
            // The uid precondition failed: the object was replaced by someone else; it is not ours to delete now.
            return (r, $"not deleted, it was replaced since it was listed ({ex.Message})", null);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (r, ex.Message, SyncErrors.IsTransient(ex) ? ex : null);
        }
    }
}
