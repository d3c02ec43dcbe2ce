using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Inventory;
using GitOps.Engine.Jobs;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Status;
using GitOps.Engine.Health;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Engine.Sync;

/// <summary>
/// The inner sync pipeline: resolve head, fetch, load app, render, plan, apply, prune, health, record the inventory.
/// Each step fails with its own <see cref="SyncStepException"/>; per-object problems go into the change set instead.
/// </summary>
public sealed partial class SyncPipeline(
    ISourceFetcher sources,
    IAppCatalog catalog,
    IAppRenderer renderer,
    IKubernetesClientFactory clusters,
    HealthAssessor health,
    IOptions<GitOpsOptions> gitOps,
    IOptions<SyncPipelineOptions> syncOptions,
    TimeProvider time,
    ILogger<SyncPipeline> logger)
{
    private readonly SyncPipelineOptions options = syncOptions.Value;

    // Per (source, app): where it synced to last, so the next sync can read the live state ahead (bounded by the apps configured).
    private readonly ConcurrentDictionary<(string Source, string App), SyncTarget> targets = new();

    /// <summary>
    /// Resolves the source's branch head (always reconcile to the head, never the hint). A resumed pass expects the head it
    /// already has and only asks for it; any other sync expects a new head and fetches it in the same step, passing the
    /// job's commit hint, which saves the fetch a round trip when it is still the head.
    /// </summary>
    public async Task<string> ResolveHeadAsync(SyncJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            return job.Reason == SyncReason.Resume
                ? await sources.ResolveHeadAsync(job.Source, cancellationToken)
                : await sources.FetchHeadAsync(job.Source, job.CommitHint, cancellationToken);
        }
        catch (SourceException ex)
        {
            throw new SyncStepException(SyncStep.ResolveHead, ex.Message, retryable: true, ex);
        }
    }

    /// <summary>
    /// Starts reading the app's ApplySet parent and live members while the source is fetched and rendered, when this
    /// instance remembers where the app synced to last time; null otherwise. Dispose it when the job ends.
    /// </summary>
    public LiveReadAhead? StartReadAhead(SyncJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!targets.TryGetValue((job.Source, job.App), out var target))
        {
            return null;
        }

        try
        {
            return LiveReadAhead.Start(clusters.GetClient(target.Cluster), target, options.Concurrency, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The cluster is no longer configured: the pipeline reports that in its own step.
            return null;
        }
    }

    /// <summary>Runs one pass for <paramref name="commit"/>; <paramref name="resume"/> carries the health deadline of an earlier pass.</summary>
    public Task<SyncOutcome> RunAsync(SyncJob job, string commit, ResumeState? resume, CancellationToken cancellationToken) =>
        RunAsync(job, commit, resume, readAhead: null, cancellationToken);

    /// <summary>As above, using <paramref name="readAhead"/> (from <see cref="StartReadAhead"/>) when it was made for the app's cluster and parent.</summary>
    public async Task<SyncOutcome> RunAsync(SyncJob job, string commit, ResumeState? resume, LiveReadAhead? readAhead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = time.GetUtcNow();
        // A plain app renders from the commit's tree (no files written); anything else from a checkout.
        var tree = await Step(SyncStep.Fetch, () => sources.TryReadTreeAsync(job.Source, commit, cancellationToken));
        var app = await LoadAppAsync(job, commit, cancellationToken);
        var rendered = tree is null ? null : await Step(SyncStep.Render, () => renderer.TryRenderAsync(app, tree, cancellationToken));
        using var checkout = rendered is null ? await Step(SyncStep.Fetch, () => sources.CheckoutAsync(job.Source, commit, cancellationToken)) : null;
        rendered ??= await Step(SyncStep.Render, () => renderer.RenderAsync(app, checkout!.Directory, cancellationToken));
        LogRendered(logger, app.Name, commit, rendered.Objects.Count, rendered.Renderer);

        var changes = new ChangeSet();
        var client = Step(SyncStep.Plan, () => clusters.GetClient(app.Cluster));
        gitOps.Value.Clusters.TryGetValue(app.Cluster, out var cluster);
        if (cluster is not null && cluster.AllowedSources.Count > 0 && !cluster.AllowedSources.Contains(job.Source, StringComparer.OrdinalIgnoreCase))
        {
            throw new SyncStepException(SyncStep.Plan, $"cluster '{app.Cluster}' does not allow source '{job.Source}' (AllowedSources)", retryable: false);
        }

        var parentName = ApplySetParent.NameFor(app.Name);
        var parentNamespace = app.Namespace ?? options.DefaultParentNamespace;
        var ahead = readAhead is not null && readAhead.IsFor(app.Cluster, parentName, parentNamespace) ? readAhead : null;
        var previous = await Step(SyncStep.Plan, () => ReadParentAsync(client, parentName, parentNamespace, ahead, cancellationToken));
        if (previous?.Source is { } owner && !string.Equals(owner, job.Source, StringComparison.OrdinalIgnoreCase))
        {
            // Same app name, another source: taking the set over would prune the other source's objects.
            throw new SyncStepException(SyncStep.Plan, $"app '{app.Name}' on cluster '{app.Cluster}' belongs to source '{owner}' (ApplySet parent Secret {parentNamespace}/{parentName}); " +
                $"app names must be unique across sources: rename the app in source '{job.Source}' ({app.DefinedIn})", retryable: false);
        }

        // A parent written before sources were recorded is claimed by the source that syncs it.
        var parent = (previous ?? new ApplySetParent { Name = parentName, Namespace = parentNamespace }) with { Source = job.Source };
        var desired = await Step(SyncStep.Plan, () => DesiredSetBuilder.BuildAsync(rendered.Objects, app, cluster, client, parent.Id, options.DefaultParentNamespace, changes, cancellationToken));
        var incremental = previous is not null && job.Reason is SyncReason.Push or SyncReason.Resume;
        var only = HealScope(job, commit);
        var plan = SyncPlanner.Plan(desired.Objects, previous?.Hashes ?? new Dictionary<string, string>(), incremental, only);
        // Kinds that left Git have no version here: they are listed at the version discovery prefers.
        var versions = desired.Versions;
        targets[(job.Source, job.App)] = new SyncTarget(app.Cluster, parentName, parentNamespace, versions);

        // Before applying, widen the parent's kinds and namespaces so a crash mid-apply leaves every member findable (as kubectl does).
        var desiredKinds = plan.Objects.Select(o => GroupKindName.Of(o.Ref)).ToHashSet(StringComparer.Ordinal);
        var desiredNamespaces = plan.Objects.Where(o => o.Ref.Namespace is not null).Select(o => o.Ref.Namespace!).ToHashSet(StringComparer.Ordinal);
        var widened = parent with
        {
            GroupKinds = Union(parent.GroupKinds, desiredKinds),
            AdditionalNamespaces = Union(parent.AdditionalNamespaces, desiredNamespaces.Where(n => n != parentNamespace)),
        };
        if (previous is null || previous.Source is null || !widened.GroupKinds.SetEquals(parent.GroupKinds) || !widened.AdditionalNamespaces.SetEquals(parent.AdditionalNamespaces))
        {
            await WriteParentAsync(client, widened, app, previous is not null, plan, cancellationToken);
            previous = previous is null ? widened : previous with { Source = widened.Source };
        }

        // Listing runs alongside the apply: prune only considers members that are not desired (the apply does not touch
        // them), and health of what was applied is read from the apply's responses.
        using var listing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var members = ListMembersAsync(client, widened, versions, ahead, listing.Token);
        ApplyOutcome outcome;
        try
        {
            // A full sync re-applies objects that are live already: their versions before the apply tell which applies changed nothing.
            var liveVersions = !incremental && plan.Objects.Any(o => o.Apply && !o.IsNew) ? ResourceVersions(await members) : null;
            outcome = await Step(SyncStep.Apply, () => new ObjectApplier(client, options, time).ApplyAsync(plan, app.SyncOptions.RecreateOnImmutable, changes, liveVersions, cancellationToken));
            if (outcome.Transient is not null)
            {
                throw new SyncStepException(SyncStep.Apply, $"{outcome.Transient.Message} ({changes.Summary()} so far)", retryable: true, outcome.Transient);
            }
        }
        catch
        {
            // No prune follows a failed apply: stop the listing and let it end before the job does.
            await listing.CancelAsync();
            await Task.WhenAny(members);
            throw;
        }

        var live = await members;
        var (pruneNote, remaining, pruneTransient) = await PruneAsync(client, app, rendered.Objects.Count, desired, widened.Id, live, changes, cancellationToken);

        var (appHealth, unhealthy) = AssessHealth(plan, outcome, live);
        var failed = changes.HasFailures;
        var final = widened with
        {
            GroupKinds = new SortedSet<string>(desiredKinds.Concat(remaining.Select(GroupKindName.Of)).Concat(live.Where(l => l.ListError is not null).Select(l => l.GroupKind)), StringComparer.Ordinal),
            AdditionalNamespaces = new SortedSet<string>(desiredNamespaces.Concat(remaining.Where(r => r.Namespace is not null).Select(r => r.Namespace!)).Where(n => n != parentNamespace), StringComparer.Ordinal),
            Hashes = plan.Objects.Where(o => outcome.Succeeded.Contains(o.Ref.Key)).ToDictionary(o => o.Ref.Key, o => o.Hash, StringComparer.Ordinal),
            LastSyncedCommit = failed ? previous.LastSyncedCommit : commit,
            LastSyncedAt = failed ? previous.LastSyncedAt : time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!SameInventory(previous, final))
        {
            await WriteParentAsync(client, final, app, exists: true, plan, cancellationToken);
        }

        if (pruneTransient is not null)
        {
            throw new SyncStepException(SyncStep.Prune, pruneTransient.Message, retryable: true, pruneTransient);
        }

        // A kind that could not be listed kept its place in the parent, and nothing was pruned: the sync fails on it.
        if (live.FirstOrDefault(l => l.ListError is not null) is { } unlisted)
        {
            throw new SyncStepException(SyncStep.Prune, $"listing {unlisted.GroupKind} failed, so nothing was pruned: {unlisted.ListError}", retryable: live.Any(l => l.Transient));
        }

        var deadline = resume is not null && resume.Commit == commit ? resume.Deadline : started + options.SyncTimeout;
        var counts = resume?.Changes is { } earlier ? earlier.Then(changes.Counts()) : changes.Counts();
        ResumeState? next = null;
        var result = failed ? SyncResult.Failed : SyncResult.Succeeded;
        if (!failed && appHealth is HealthStatus.Progressing or HealthStatus.Missing)
        {
            if (time.GetUtcNow() < deadline)
            {
                next = new ResumeState(commit, (resume?.Commit == commit ? resume.Attempt : 0) + 1, deadline, resume?.Commit == commit ? resume.StartedAt : started, counts, resume?.Reason ?? job.Reason);
                result = SyncResult.Progressing;
            }
            else
            {
                appHealth = HealthStatus.Degraded;
                result = SyncResult.Failed;
                pruneNote = Join(pruneNote, $"timed out after {options.SyncTimeout} waiting for: {string.Join(", ", unhealthy.Take(10))}");
            }
        }

        return new SyncOutcome
        {
            Commit = commit, Changes = changes, Counts = counts, Result = result, Health = appHealth, Cluster = app.Cluster,
            PruneNote = pruneNote, Resume = next, Unhealthy = unhealthy,
        };
    }

    /// <summary>
    /// The objects a drift heal re-applies, or null for the reason's default. A heal is planned from the last synced commit:
    /// when the head has moved since, applying only those objects at the new head would record the new commit as applied
    /// without its other changes, so the heal becomes a full sync of the head.
    /// </summary>
    private IReadOnlySet<string>? HealScope(SyncJob job, string commit)
    {
        if (job.Objects is not { Count: > 0 })
        {
            return null;
        }

        if (job.Reason == SyncReason.Drift && !string.Equals(job.CommitHint, commit, StringComparison.OrdinalIgnoreCase))
        {
            LogHealWidened(logger, job.App, job.CommitHint ?? "(none)", commit);
            return null;
        }

        return job.Objects.ToHashSet(StringComparer.Ordinal);
    }

    private static Dictionary<string, string> ResourceVersions(IReadOnlyList<LiveMembers> live)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in live.SelectMany(l => l.Items))
        {
            if (ObjectMeta.String(item["metadata"] as JsonObject, "resourceVersion") is { } version)
            {
                versions[ObjectRef.Of(item).Key] = version;
            }
        }

        return versions;
    }

    private static async Task<ApplySetParent?> ReadParentAsync(IKubernetesClient client, string name, string ns, LiveReadAhead? ahead, CancellationToken cancellationToken)
    {
        if (ahead is not null)
        {
            try
            {
                return await ahead.Parent;
            }
            catch (Exception ex) when (EarlyReadFailed(ex, cancellationToken))
            {
                // The early read failed: read again now, as if there had been none.
            }
        }

        return await ApplySetParentStore.ReadAsync(client, name, ns, cancellationToken);
    }

    private async Task<AppDefinition> LoadAppAsync(SyncJob job, string commit, CancellationToken cancellationToken)
    {
        SourceApps apps;
        try
        {
            apps = await catalog.GetAppsAsync(job.Source, commit, cancellationToken);
        }
        catch (Exception ex) when (ex is SourceException or IOException or InvalidOperationException or FormatException or ArgumentException or AppDefinitionException)
        {
            throw new SyncStepException(SyncStep.LoadApp, ex.Message, retryable: ex is SourceException or IOException, ex);
        }

        // Only this app's own definition matters: another app's invalid definition never stops this one.
        return apps.Find(job.App) ?? throw new SyncStepException(SyncStep.LoadApp, apps.WhyNotSyncable(job.App, job.Source, commit), retryable: false);
    }

    private async Task<IReadOnlyList<LiveMembers>> ListMembersAsync(
        IKubernetesClient client, ApplySetParent parent, IReadOnlyDictionary<string, string> versions, LiveReadAhead? ahead, CancellationToken cancellationToken)
    {
        // Kinds the read-ahead listed successfully at the version this sync uses are not listed again.
        var reused = new List<LiveMembers>();
        if (ahead is not null && await ReadAheadMembersAsync(ahead, cancellationToken) is { } listed)
        {
            reused.AddRange(listed.Kinds.Where(k => k.ListError is null && parent.GroupKinds.Contains(k.GroupKind)
                && listed.Versions.GetValueOrDefault(k.GroupKind) == versions.GetValueOrDefault(k.GroupKind)));
        }

        var missing = parent.GroupKinds.Where(k => !reused.Any(r => r.GroupKind == k)).ToList();
        var results = missing.Count == 0 ? reused
            : [.. reused, .. await ApplySetMembers.ListAsync(client, parent.Id, missing, versions, options.Concurrency, cancellationToken)];
        foreach (var failed in results.Where(r => r.ListError is not null))
        {
            LogListFailed(logger, failed.GroupKind, failed.ListError!);
        }

        return results;
    }

    // A read-ahead whose reads failed is ignored: every kind is listed again now.
    private static async Task<ListedMembers?> ReadAheadMembersAsync(LiveReadAhead ahead, CancellationToken cancellationToken)
    {
        try
        {
            return await ahead.Members.ConfigureAwait(false);
        }
        catch (Exception ex) when (EarlyReadFailed(ex, cancellationToken) || (ex is ApplySetException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    // A read made ahead that failed (or was cut short while this sync goes on) is simply made again.
    private static bool EarlyReadFailed(Exception ex, CancellationToken cancellationToken) =>
        ex is KubernetesApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException
        && !cancellationToken.IsCancellationRequested;

    private async Task<(string? Note, IReadOnlyList<ObjectRef> Remaining, Exception? Transient)> PruneAsync(
        IKubernetesClient client, AppDefinition app, int renderedCount, DesiredSet desired, string id, IReadOnlyList<LiveMembers> live, ChangeSet changes, CancellationToken cancellationToken)
    {
        var decision = PruneSelection.Select(live, desired.RenderedKeys, id);
        var stale = decision.ToDelete.Select(d => d.Ref).Concat(decision.Kept.Select(k => k.Object)).ToList();
        var gone = live.Where(l => l.GoneReason is not null).Select(l => l.GoneReason!).ToList();
        foreach (var reason in gone)
        {
            LogKindGone(logger, app.Name, reason);
        }

        var goneNote = gone.Count == 0 ? null : string.Join("; ", gone);
        if (decision.ToDelete.Count == 0)
        {
            foreach (var kept in decision.Kept)
            {
                changes.Add(kept);
            }

            return (goneNote, stale, null);
        }

        // Objects of a kind that could not be listed may depend on those that would go (a namespace, a CRD): prune nothing.
        var unlisted = live.Where(l => l.ListError is not null).Select(l => l.GroupKind).ToList();
        var note = PrunePolicy.AppKeepsAllReason(app, renderedCount) is { } keepAll
            ? $"{keepAll}; {decision.ToDelete.Count} object(s) left in place"
            : changes.HasFailures ? "prune skipped because apply had failures"
            : unlisted.Count > 0 ? $"prune skipped because {string.Join(", ", unlisted)} could not be listed" : null;

        if (note is not null)
        {
            foreach (var kept in decision.Kept)
            {
                changes.Add(kept);
            }

            LogPruneSkipped(logger, app.Name, note);
            return (Join(goneNote, note), stale, null);
        }

        var (failed, transient) = await new ObjectPruner(client, options).PruneAsync(decision, changes, cancellationToken);
        return (goneNote, [.. decision.Kept.Select(k => k.Object), .. failed], transient);
    }

    private (HealthStatus Health, IReadOnlyList<string> Unhealthy) AssessHealth(SyncPlan plan, ApplyOutcome outcome, IReadOnlyList<LiveMembers> live)
    {
        var succeeded = outcome.Succeeded;
        var byKey = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var unlisted = live.Where(l => l.ListError is not null).Select(l => l.GroupKind).ToHashSet(StringComparer.Ordinal);
        foreach (var item in live.SelectMany(l => l.Items))
        {
            byKey[ObjectRef.Of(item).Key] = item;
        }

        // What this sync applied is judged by the server's answer to the apply (the lists may predate it).
        foreach (var (key, obj) in outcome.Live)
        {
            byKey[key] = obj;
        }

        var worst = HealthStatus.Healthy;
        var unhealthy = new List<string>();
        foreach (var o in plan.Objects.Where(o => succeeded.Contains(o.Ref.Key)))
        {
            HealthResult h;
            if (byKey.TryGetValue(o.Ref.Key, out var obj))
            {
                h = health.Assess(obj) ?? HealthResult.Healthy;
            }
            else
            {
                h = unlisted.Contains(GroupKindName.Of(o.Ref)) ? new(HealthStatus.Unknown, "could not be listed") : new(HealthStatus.Missing, "not found after apply");
            }

            if (h.Status != HealthStatus.Healthy)
            {
                unhealthy.Add(string.IsNullOrEmpty(h.Message) ? $"{o.Ref}: {h.Status}" : $"{o.Ref}: {h.Status}: {h.Message}");
            }

            if (h.Status > worst)
            {
                worst = h.Status;
            }
        }

        return (worst, unhealthy);
    }

    private async Task WriteParentAsync(IKubernetesClient client, ApplySetParent parent, AppDefinition app, bool exists, SyncPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await ApplySetParentStore.WriteAsync(client, parent, app.Name, exists, cancellationToken);
        }
        catch (KubernetesApiException ex) when (!exists && ex.IsNotFound && plan.Objects.FirstOrDefault(o => o.Ref.Kind == "Namespace" && o.Ref.Group.Length == 0 && o.Ref.Name == parent.Namespace) is { } ns)
        {
            // The parent lives in a namespace this app creates: create that namespace first.
            await Step(SyncStep.Apply, () => client.ApplyAsync(ns.Desired, new ApplyOptions(SyncAnnotations.FieldManager, Force: true), cancellationToken));
            await Step(SyncStep.Record, () => ApplySetParentStore.WriteAsync(client, parent, app.Name, exists, cancellationToken));
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or IOException)
        {
            throw new SyncStepException(SyncStep.Record, $"writing ApplySet parent Secret {parent.Namespace}/{parent.Name}: {ex.Message}", SyncErrors.IsTransient(ex), ex);
        }
    }

    private static bool SameInventory(ApplySetParent a, ApplySetParent b) =>
        a.Source == b.Source && a.GroupKinds.SetEquals(b.GroupKinds) && a.AdditionalNamespaces.SetEquals(b.AdditionalNamespaces) && a.LastSyncedCommit == b.LastSyncedCommit
        && a.Hashes.Count == b.Hashes.Count && a.Hashes.All(p => b.Hashes.TryGetValue(p.Key, out var h) && h == p.Value);

    private static SortedSet<string> Union(IEnumerable<string> a, IEnumerable<string> b) => new(a.Concat(b), StringComparer.Ordinal);

    private static string? Join(string? a, string b) => a is null ? b : $"{a}; {b}";

    private static T Step<T>(SyncStep step, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not SyncStepException and not OperationCanceledException and not ApplySetException and not TerminalJobException)
        {
            throw Wrap(step, ex);
        }
    }

    private static async Task<T> Step<T>(SyncStep step, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ApplySetException ex)
        {
            throw new SyncStepException(step, ex.Message, retryable: false, ex);
        }
        catch (Exception ex) when (ex is not SyncStepException and not OperationCanceledException and not TerminalJobException)
        {
            throw Wrap(step, ex);
        }
    }

    private static SyncStepException Wrap(SyncStep step, Exception ex) => ex switch
    {
        SourceException => new SyncStepException(step, ex.Message, retryable: true, ex),
        RenderException => new SyncStepException(step, ex.Message, retryable: false, ex),
        _ => new SyncStepException(step, ex.Message, SyncErrors.IsTransient(ex), ex),
    };

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "App {App} at {Commit}: rendered {Count} objects with {Renderer}")]
    private static partial void LogRendered(ILogger logger, string app, string commit, int count, string renderer);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Listing ApplySet members of kind {GroupKind} failed; nothing is pruned: {Error}")]
    private static partial void LogListFailed(ILogger logger, string groupKind, string error);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "App {App}: the heal was planned at {Planned} but the head is {Head}: syncing every object of the head instead")]
    private static partial void LogHealWidened(ILogger logger, string app, string planned, string head);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "App {App}: prune skipped: {Reason}")]
    private static partial void LogPruneSkipped(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "App {App}: {Reason}")]
    private static partial void LogKindGone(ILogger logger, string app, string reason);
}
