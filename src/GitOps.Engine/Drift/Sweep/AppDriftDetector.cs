using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Drift.Comparison;
using GitOps.Engine.Inventory;
using GitOps.Engine.Sync;
using GitOps.Kubernetes;
using GitOps.Kubernetes.Client;

namespace GitOps.Engine.Drift.Sweep;

/// <summary>Finds one app's drift: one LIST per GroupKind of its ApplySet, a local semantic comparison, and an SSA dry-run for each suspect only.</summary>
public static class AppDriftDetector
{
    /// <summary>The field manager whose fields we compare and in whose name we dry-run.</summary>
    public const string FieldManager = "gitops-functions";

    /// <summary>Compares the desired snapshot with the live members of <paramref name="parent"/>.</summary>
    /// <exception cref="ApplySetException">A LIST failed: nothing is concluded from a partial view.</exception>
    public static async Task<DetectionResult> DetectAsync(
        IKubernetesClient client, ApplySetParent parent, DesiredSnapshot desired, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(desired);
        var live = await ListMembersAsync(client, parent, desired, concurrency, cancellationToken);
        var comparer = new ObjectComparer(ComparisonOptionsFor(desired.App));

        var findings = new List<DriftFinding>();
        var suspects = new List<(ObjectRef Ref, JsonObject Desired, JsonObject Live, IReadOnlyList<FieldDrift> Fields)>();
        var desiredKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in desired.Objects)
        {
            var r = ObjectRef.Of(obj);
            desiredKeys.Add(r.Key);
            if (!live.TryGetValue(r.Key, out var liveObj))
            {
                findings.Add(new DriftFinding(r, DriftKind.Missing, [], "deleted from the cluster"));
                continue;
            }

            var fields = comparer.Compare(obj, liveObj);
            if (fields.Count > 0)
            {
                suspects.Add((r, obj, liveObj, fields));
            }
        }

        var confirmed = new DriftFinding?[suspects.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, suspects.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var s = suspects[i];
            confirmed[i] = await ConfirmAsync(client, s.Ref, s.Desired, s.Live, s.Fields, ct);
        });
        findings.AddRange(confirmed.OfType<DriftFinding>());

        foreach (var (key, obj) in live)
        {
            if (!desiredKeys.Contains(key))
            {
                var optOut = PrunePolicy.OptOutReason(obj);
                findings.Add(new DriftFinding(ObjectRef.Of(obj), DriftKind.Extra, [],
                    optOut is null ? "not in Git any more (should have been pruned)" : $"not in Git any more; kept because {optOut}", PruneDisabled: optOut is not null));
            }
        }

        findings.Sort((a, b) => string.CompareOrdinal(a.Object.Key, b.Object.Key));
        return new DetectionResult(findings, desired.Objects.Count, suspects.Count);
    }

    /// <summary>The comparison options an app's ignore rules ask for.</summary>
    public static ComparisonOptions ComparisonOptionsFor(AppDefinition app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new ComparisonOptions
        {
            FieldManager = FieldManager,
            IgnoreRules = app.Ignore,
        };
    }

    private static async Task<Dictionary<string, JsonObject>> ListMembersAsync(
        IKubernetesClient client, ApplySetParent parent, DesiredSnapshot desired, int concurrency, CancellationToken cancellationToken)
    {
        var kinds = parent.GroupKinds.Union(desired.Versions.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // A failed LIST concludes nothing: no object of that kind may be reported missing or extra.
        var lists = await ApplySetMembers.ListCompleteAsync(client, parent, kinds, desired.Versions, concurrency, cancellationToken);
        var live = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in lists.SelectMany(l => l.Items))
        {
            live[ObjectRef.Of(item).Key] = item;
        }

        return live;
    }

    private static async Task<DriftFinding?> ConfirmAsync(
        IKubernetesClient client, ObjectRef r, JsonObject desired, JsonObject live, IReadOnlyList<FieldDrift> fields, CancellationToken cancellationToken)
    {
        JsonObject predicted;
        try
        {
            predicted = await client.ApplyAsync(desired, new ApplyOptions(FieldManager, Force: true, DryRun: true), cancellationToken);
        }
        catch (KubernetesApiException ex) when (ex.Code is >= 400 and < 500 && ex.Code != 429)
        {
            // The server refuses our desired state (for example an immutable field changed live): still drift.
            return new DriftFinding(r, DriftKind.Modified, fields, Describe(fields) + $" (dry-run refused: {ex.Reason ?? ex.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        // The dry-run is what an apply would leave: when it equals live, the local suspicion was a false positive.
        return SameState(predicted, live) ? null : new DriftFinding(r, DriftKind.Modified, fields, Describe(fields));
    }

    private static string Describe(IReadOnlyList<FieldDrift> fields)
    {
        var first = fields[0];
        var by = first.Manager is null ? "" : $" by {first.Manager}";
        return fields.Count == 1 ? $"{first.Path} changed{by}" : $"{first.Path} and {fields.Count - 1} more field(s) changed{by}";
    }

    /// <summary>Equality of two versions of an object, ignoring bookkeeping the server changes on every write.</summary>
    internal static bool SameState(JsonObject a, JsonObject b) => JsonNode.DeepEquals(Strip(a), Strip(b));

    private static JsonObject Strip(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("status");
        if (copy["metadata"] is JsonObject meta)
        {
            foreach (var field in (string[])["managedFields", "resourceVersion", "generation", "creationTimestamp", "uid"])
            {
                meta.Remove(field);
            }
        }

        return copy;
    }
}

/// <summary>One app's findings and how much work it took.</summary>
/// <param name="Findings">Drift, sorted by object key.</param>
/// <param name="Compared">Desired objects compared.</param>
/// <param name="Suspects">Objects the local comparison flagged (each cost one dry-run).</param>
public sealed record DetectionResult(IReadOnlyList<DriftFinding> Findings, int Compared, int Suspects);
