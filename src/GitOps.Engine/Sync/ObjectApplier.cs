using System.Text.Json.Nodes;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Sync;

/// <summary>Applies the plan batch by batch with server-side apply, bounded concurrency, CRD waits and opt-in recreation (docs/architecture.md §D5).</summary>
public sealed class ObjectApplier(IKubernetesClient client, SyncPipelineOptions options, TimeProvider time)
{
    private static readonly GroupVersionKind CrdGvk = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
    private static readonly ApplyOptions Apply = new(SyncAnnotations.FieldManager, Force: true);

    /// <summary>
    /// Applies every planned object marked Apply, recording one entry per object (unchanged ones too).
    /// Returns the keys that applied (or were unchanged) successfully. Stops before the next batch after a transient failure.
    /// </summary>
    /// <param name="liveVersions">
    /// The resourceVersion of each live object read before this apply, by key, when known: an apply the server answers
    /// with the same version changed nothing and is recorded Unchanged (a server-side apply of the same intent is a no-op).
    /// </param>
    public async Task<ApplyOutcome> ApplyAsync(SyncPlan plan, bool appWantsRecreate, ChangeSet changes, IReadOnlyDictionary<string, string>? liveVersions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(changes);
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        var applied = new List<ObjectRef>();
        var live = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        Exception? transient = null;
        foreach (var batch in plan.Batches())
        {
            if (transient is not null)
            {
                foreach (var o in batch.Where(o => o.Apply))
                {
                    changes.Add(o.Ref, ChangeAction.Skipped, "not applied: an earlier stage failed transiently; the job retries");
                }

                continue;
            }

            var results = new (PlannedObject Obj, ChangeSetEntry Entry, Exception? Transient, JsonObject? Live)[batch.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (i, ct) => results[i] = await ApplyOneAsync(batch[i], appWantsRecreate, liveVersions, ct));
            foreach (var (obj, entry, error, response) in results)
            {
                changes.Add(entry);
                if (entry.Action != ChangeAction.Failed)
                {
                    succeeded.Add(obj.Ref.Key);
                    if (obj.Apply)
                    {
                        applied.Add(obj.Ref);
                    }

                    if (response is not null)
                    {
                        live[obj.Ref.Key] = response;
                    }
                }

                transient ??= error;
            }

            var crds = results.Where(r => r.Obj.Apply && r.Entry.Action != ChangeAction.Failed && r.Obj.Ref.Kind == "CustomResourceDefinition" && r.Obj.Ref.Group == CrdGvk.Group).ToList();
            foreach (var crd in crds)
            {
                var (established, problem) = await WaitEstablishedAsync(crd.Obj.Ref.Name, cancellationToken);
                if (problem is not null)
                {
                    changes.Add(crd.Obj.Ref, ChangeAction.Failed, problem);
                    succeeded.Remove(crd.Obj.Ref.Key);
                }
                else
                {
                    live[crd.Obj.Ref.Key] = established!;
                }
            }
        }

        return new ApplyOutcome(succeeded, applied, transient) { Live = live };
    }

    private async Task<(PlannedObject, ChangeSetEntry, Exception?, JsonObject?)> ApplyOneAsync(
        PlannedObject obj, bool appWantsRecreate, IReadOnlyDictionary<string, string>? liveVersions, CancellationToken cancellationToken)
    {
        if (!obj.Apply)
        {
            return (obj, new ChangeSetEntry(obj.Ref, ChangeAction.Unchanged), null, null);
        }

        try
        {
            var response = await client.ApplyAsync(obj.Desired, Apply, cancellationToken);
            return (obj, new ChangeSetEntry(obj.Ref, ActionOf(obj, response, liveVersions)), null, response);
        }
        catch (KubernetesApiException ex) when (ex.IsImmutableFieldError)
        {
            if (!appWantsRecreate && !PrunePolicy.WantsRecreate(obj.Desired))
            {
                return (obj, new ChangeSetEntry(obj.Ref, ChangeAction.Failed,
                    $"{ex.Message} (an immutable field changed; annotate {SyncAnnotations.SyncOptions}: Recreate=true or set the app's syncOptions.recreateOnImmutable to delete and recreate it)"), null, null);
            }

            return await RecreateAsync(obj, cancellationToken);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (obj, new ChangeSetEntry(obj.Ref, ChangeAction.Failed, ex.Message), SyncErrors.IsTransient(ex) ? ex : null, null);
        }
    }

    private async Task<(PlannedObject, ChangeSetEntry, Exception?, JsonObject?)> RecreateAsync(PlannedObject obj, CancellationToken cancellationToken)
    {
        var gvk = GroupVersionKind.Of(obj.Desired);
        try
        {
            await client.DeleteAsync(gvk, obj.Ref.Namespace, obj.Ref.Name, new DeleteOptions("Foreground"), cancellationToken);
            for (var attempt = 0; ; attempt++)
            {
                if (await client.GetAsync(gvk, obj.Ref.Namespace, obj.Ref.Name, cancellationToken) is null)
                {
                    break;
                }

                if (attempt >= options.RecreateWaitAttempts)
                {
                    return (obj, new ChangeSetEntry(obj.Ref, ChangeAction.Failed, "deleted to recreate it (immutable field changed) but it did not go away in time; the next sync retries"), null, null);
                }

                await Task.Delay(options.CrdEstablishedPoll, time, cancellationToken);
            }

            var response = await client.ApplyAsync(obj.Desired, Apply, cancellationToken);
            return (obj, new ChangeSetEntry(obj.Ref, ChangeAction.Recreated, "an immutable field changed"), null, response);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (obj, new ChangeSetEntry(obj.Ref, ChangeAction.Failed, $"recreate failed: {ex.Message}"), SyncErrors.IsTransient(ex) ? ex : null, null);
        }
    }

    // What the server did, judged by its answer: the same resourceVersion as before means nothing was written.
    private static ChangeAction ActionOf(PlannedObject obj, JsonObject response, IReadOnlyDictionary<string, string>? liveVersions)
    {
        if (liveVersions is not null && liveVersions.TryGetValue(obj.Ref.Key, out var before))
        {
            return before == ObjectMeta.String(response["metadata"] as JsonObject, "resourceVersion") ? ChangeAction.Unchanged : ChangeAction.Configured;
        }

        return obj.IsNew ? ChangeAction.Created : ChangeAction.Configured;
    }

    private async Task<(JsonObject? Crd, string? Problem)> WaitEstablishedAsync(string name, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < options.CrdEstablishedAttempts; attempt++)
        {
            var crd = await client.GetAsync(CrdGvk, null, name, cancellationToken);
            var established = (crd?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Any(c => ObjectMeta.String(c, "type") == "Established" && ObjectMeta.String(c, "status") == "True") == true;
            if (established)
            {
                return (crd, null);
            }

            await Task.Delay(options.CrdEstablishedPoll, time, cancellationToken);
        }

        return (null, $"not Established after {options.CrdEstablishedAttempts} checks");
    }
}

/// <summary>What the apply phase achieved.</summary>
/// <param name="Succeeded">Keys applied or unchanged without error.</param>
/// <param name="Applied">Objects this sync sent to the server.</param>
/// <param name="Transient">The first transient failure, when one happened (the job should be retried).</param>
public sealed record ApplyOutcome(IReadOnlySet<string> Succeeded, IReadOnlyList<ObjectRef> Applied, Exception? Transient)
{
    /// <summary>The server's answer to each successful apply, by key: the object as it is after this sync.</summary>
    public IReadOnlyDictionary<string, JsonObject> Live { get; init; } = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
}
