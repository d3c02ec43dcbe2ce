using GitOps.Engine.Inventory;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Sync;

/// <summary>Where an app's ApplySet parent lives and which versions its kinds were listed at, remembered from its last sync.</summary>
public sealed record SyncTarget(string Cluster, string ParentName, string ParentNamespace, IReadOnlyDictionary<string, string> Versions);

/// <summary>
/// The ApplySet parent and its live members, read while the source is fetched and rendered (they depend only on where the
/// app syncs to, which is remembered from its last sync). The pipeline uses them only when the app, loaded at the commit,
/// still targets the same cluster and parent; listing before the apply is safe for prune because this sync holds the
/// app's lease, the objects it applies are desired (never pruned), and health of applied objects comes from the apply.
/// </summary>
public sealed class LiveReadAhead : IDisposable
{
    private readonly CancellationTokenSource cancel;

    private LiveReadAhead(SyncTarget target, Task<ApplySetParent?> parent, Task<ListedMembers> members, CancellationTokenSource cancel)
    {
        Target = target;
        Parent = parent;
        Members = members;
        this.cancel = cancel;
    }

    /// <summary>The target the reads were made for.</summary>
    public SyncTarget Target { get; }

    /// <summary>The parent as read (null when it does not exist); faults as <see cref="ApplySetParentStore.ReadAsync"/> does.</summary>
    public Task<ApplySetParent?> Parent { get; }

    /// <summary>One LIST per kind the parent names, at the remembered versions (empty when there is no parent).</summary>
    public Task<ListedMembers> Members { get; }

    /// <summary>Starts both reads; they run until done or until this is disposed.</summary>
    public static LiveReadAhead Start(IKubernetesClient client, SyncTarget target, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(target);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cancel.Token;
        var parent = Task.Run(() => ApplySetParentStore.ReadAsync(client, target.ParentName, target.ParentNamespace, token), token);
        var members = Task.Run(async () =>
        {
            var read = await parent.ConfigureAwait(false);
            if (read is null)
            {
                return new ListedMembers([], new Dictionary<string, string>(StringComparer.Ordinal));
            }

            // Kinds without a remembered version (they left Git) are listed at the version discovery prefers.
            var versions = read.GroupKinds.Where(target.Versions.ContainsKey).ToDictionary(k => k, k => target.Versions[k], StringComparer.Ordinal);
            var listed = await ApplySetMembers.ListAsync(client, read.Id, [.. read.GroupKinds], versions, concurrency, token).ConfigureAwait(false);
            return new ListedMembers(listed, versions);
        }, token);

        // Unused or abandoned reads must not surface as unobserved task exceptions.
        _ = parent.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _ = members.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new LiveReadAhead(target, parent, members, cancel);
    }

    /// <summary>Whether these reads are for this cluster and parent.</summary>
    public bool IsFor(string cluster, string parentName, string parentNamespace) =>
        string.Equals(Target.Cluster, cluster, StringComparison.Ordinal) && string.Equals(Target.ParentName, parentName, StringComparison.Ordinal)
        && string.Equals(Target.ParentNamespace, parentNamespace, StringComparison.Ordinal);

    /// <summary>Stops reads still running.</summary>
    public void Dispose()
    {
        cancel.Cancel();

        // Reads still running hold the token: the source is disposed once they have ended.
        _ = Task.WhenAll(Parent, Members).ContinueWith(_ => cancel.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}

/// <summary>Live members per kind, with the version each kind was asked for (none: the version discovery prefers).</summary>
public sealed record ListedMembers(IReadOnlyList<LiveMembers> Kinds, IReadOnlyDictionary<string, string> Versions);
