using GitOps.Engine.Apps;
using System.Text.Json.Nodes;
using GitOps.Kubernetes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// Compares what we apply with what is live, over the fields we set only, semantically:
/// quantities by value, int-or-string and numeric strings, null/empty/zero versus absent, keyed
/// lists by key in any order, labels and annotations we set (others' are theirs), status and
/// server-managed metadata skipped. With our manager's managedFields entry, fields we applied
/// earlier but no longer desire count as drift; changes owned by ignored managers do not.
/// Thread-safe; allocates only for the differences it reports.
/// </summary>
public sealed class ObjectComparer
{
    private readonly ComparisonOptions _options;

    /// <summary>Creates a comparer with the given options (defaults: manager "gitops-functions", nothing ignored).</summary>
    public ObjectComparer(ComparisonOptions? options = null)
    {
        _options = options ?? ComparisonOptions.Default;
    }

    /// <summary>The differences between <paramref name="desired"/> and <paramref name="live"/>; empty when in sync.</summary>
    public IReadOnlyList<FieldDrift> Compare(JsonObject desired, JsonObject live)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(live);
        var walk = new ComparisonWalk(desired, live, _options, RulesFor(desired));
        walk.Run();
        return walk.Drifts;
    }

    private List<IgnoreRule>? RulesFor(JsonObject desired)
    {
        if (_options.IgnoreRules.Count == 0)
        {
            return null;
        }

        var id = ObjectRef.Of(desired);
        List<IgnoreRule>? matching = null;
        foreach (var rule in _options.IgnoreRules)
        {
            if (rule.Matches(id.Group, id.Kind, id.Namespace, id.Name))
            {
                (matching ??= []).Add(rule);
            }
        }

        return matching;
    }
}
