using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Diff;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Health;
using GitOps.Engine.Inventory;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Sync;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;
using Microsoft.Extensions.Options;

namespace GitOps.Dashboard.Views;

/// <summary>
/// Reads an app as a sync would see it now: renders the source's branch head, reads the live members of the app's ApplySet
/// (one LIST per kind, a GET for objects that are not members yet), and diffs them with the engine's diff (Secret values
/// masked before anything leaves this class).
/// </summary>
public sealed class AppLiveReader(
    ISourceFetcher fetcher,
    IAppCatalog catalog,
    IAppRenderer renderer,
    IKubernetesClientFactory clients,
    IOptions<GitOpsOptions> gitOps,
    IOptions<SyncPipelineOptions> sync)
{
    /// <summary>The app's objects and diffs at the head of <paramref name="source"/>.</summary>
    /// <exception cref="AppDefinitionException">The source does not declare the app at its head.</exception>
    public async Task<LiveView> ReadAsync(string source, string app, AppDriftReport? drift, CancellationToken cancellationToken)
    {
        var head = await fetcher.ResolveHeadAsync(source, cancellationToken);
        var definition = (await catalog.GetAppsAsync(source, head, cancellationToken)).Find(app)
            ?? throw new AppDefinitionException($"source '{source}' does not declare app '{app}' at its head {head[..Math.Min(12, head.Length)]}");
        using var checkout = await fetcher.CheckoutAsync(source, head, cancellationToken);
        var rendered = await renderer.RenderAsync(definition, checkout.Directory, cancellationToken);
        var client = clients.GetClient(definition.Cluster);
        var parentNamespace = definition.Namespace ?? sync.Value.DefaultParentNamespace;
        var parent = await ApplySetParentStore.ReadAsync(client, ApplySetParent.NameFor(definition.Name), parentNamespace, cancellationToken);
        gitOps.Value.Clusters.TryGetValue(definition.Cluster, out var cluster);
        var desired = await DesiredSetBuilder.BuildAsync(rendered.Objects, definition, cluster, client,
            parent?.Id ?? ApplySetId.ForSecret(ApplySetParent.NameFor(definition.Name), parentNamespace), parentNamespace, new ChangeSet(), cancellationToken);

        var members = parent is null ? [] : await ApplySetMembers.ListCompleteAsync(client, parent, [.. parent.GroupKinds], desired.Versions, 4, cancellationToken);
        var byKey = members.SelectMany(m => m.Items).ToDictionary(i => ObjectRef.Of(i).Key, StringComparer.Ordinal);
        var lives = new JsonObject?[desired.Objects.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, lives.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var r = ObjectRef.Of(desired.Objects[i]);
            lives[i] = byKey.TryGetValue(r.Key, out var member) ? member : await client.GetAsync(GroupVersionKind.Of(desired.Objects[i]), r.Namespace, r.Name, ct);
        });

        var drifted = (drift?.Findings ?? []).Where(f => f.Kind != DriftKind.Extra).ToDictionary(f => f.Object.Key, StringComparer.Ordinal);
        var objects = new List<ObjectView>();
        var diffs = new List<ObjectDiffView>();
        for (var i = 0; i < lives.Length; i++)
        {
            var r = ObjectRef.Of(desired.Objects[i]);
            var diff = ObjectDiff.Unified(desired.Objects[i], lives[i]);
            if (diff.Length > 0)
            {
                diffs.Add(new ObjectDiffView(r.ToString(), diff));
            }

            var health = lives[i] is { } live ? HealthAssessor.Default.Assess(live) : new HealthResult(HealthStatus.Missing, "not in the cluster");
            // A finding the cluster no longer shows (healed since the sweep) is not drift any more.
            var state = drifted.TryGetValue(r.Key, out var finding) && diff.Length > 0 ? (new State("drifted", StateKind.Warn), finding.Message)
                : lives[i] is null ? (new State("missing", StateKind.Bad), "a sync will create it")
                : diff.Length > 0 ? (new State("out of sync", StateKind.Warn), "a sync will change it")
                : (new State("in sync", StateKind.Good), (string?)null);
            objects.Add(new ObjectView(r.Kind, r.Namespace, r.Name, health is null ? new State("no health check", StateKind.None) : State.OfHealth(health.Status.ToString()),
                string.IsNullOrEmpty(health?.Message) ? null : health.Message, state.Item1, state.Item2));
        }

        if (parent is not null)
        {
            var prune = PruneSelection.Select(members, desired.RenderedKeys, parent.Id);
            var keepAll = PrunePolicy.AppKeepsAllReason(definition, rendered.Objects.Count);
            foreach (var (r, live) in prune.ToDelete)
            {
                diffs.Add(new ObjectDiffView(r.ToString(), ObjectDiff.Unified(null, live)));
                objects.Add(new ObjectView(r.Kind, r.Namespace, r.Name, State.Unknown, null,
                    keepAll is null ? new State("to be pruned", StateKind.Warn) : new State("left Git, kept", StateKind.None), keepAll ?? "left Git: a sync will prune it"));
            }

            foreach (var kept in prune.Kept)
            {
                objects.Add(new ObjectView(kept.Object.Kind, kept.Object.Namespace, kept.Object.Name, State.Unknown, null, new State("left Git, kept", StateKind.None), kept.Message ?? "opted out of prune"));
            }
        }

        return new LiveView(new CommitView(head, CommitLinks.For(gitOps.Value.Sources.GetValueOrDefault(source), head), null), objects, diffs);
    }
}
