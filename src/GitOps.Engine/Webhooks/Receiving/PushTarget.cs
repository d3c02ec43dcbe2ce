using GitOps.Engine.Configuration;
using GitOps.Engine.Webhooks.Matching;
using GitOps.Engine.Webhooks.Payloads;

namespace GitOps.Engine.Webhooks.Receiving;

/// <summary>A configured source that a pushed ref updates (its repository and its branch).</summary>
public sealed record PushTarget(string SourceName, SourceOptions Source, RefPush Push);

/// <summary>Matches pushed refs to configured sources. The payload only selects a source; it never introduces a URL.</summary>
public static class PushTargets
{
    /// <summary>The outcome of matching: targets to sync, sources matched by repository, and why refs were skipped.</summary>
    public sealed record Match(IReadOnlyList<PushTarget> Targets, IReadOnlyList<string> MatchedSources, IReadOnlyList<string> Skipped);

    /// <summary>Matches every pushed ref against every source of <paramref name="provider"/>.</summary>
    public static Match Find(WebhookProvider provider, GitOpsOptions options, IReadOnlyList<RefPush> refs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(refs);
        var targets = new List<PushTarget>();
        var matched = new List<string>();
        var skipped = new List<string>();
        foreach (var (name, source) in options.Sources)
        {
            if (!WebhookProviders.TryParse(source.Provider, out var p) || p != provider)
            {
                continue;
            }

            var identity = RepositoryIdentity.OfSource(source);
            foreach (var push in refs)
            {
                if (!RepositoryIdentity.Matches(identity, push.Repository))
                {
                    continue;
                }

                if (!matched.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    matched.Add(name);
                }

                if (push.IsTag)
                {
                    skipped.Add($"tag push {push.Ref}");
                }
                else if (!string.Equals(push.Branch, source.Branch, StringComparison.Ordinal))
                {
                    skipped.Add($"push to {push.Ref}; source '{name}' follows branch '{source.Branch}'");
                }
                else if (push.Deleted)
                {
                    skipped.Add($"branch {push.Ref} was deleted");
                }
                else
                {
                    targets.Add(new PushTarget(name, source, push));
                }
            }
        }

        return new Match(targets, matched, skipped);
    }
}
