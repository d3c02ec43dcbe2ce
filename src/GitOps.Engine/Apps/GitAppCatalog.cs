using System.Collections.Concurrent;
using GitOps.Engine.Configuration;
using GitOps.Engine.Sources;

namespace GitOps.Engine.Apps;

/// <summary>Reads app definitions from a source's apps folder at a commit, checks them against the host's clusters, and caches them per commit.</summary>
public sealed class GitAppCatalog(ISourceFetcher fetcher, GitOpsOptions options) : IAppCatalog
{
    private const int MaxCachedCommits = 64;
    private readonly ConcurrentDictionary<(string Source, string Commit), IReadOnlyList<AppDefinition>> cache = new();

    /// <inheritdoc />
    /// <exception cref="AppDefinitionException">A definition is invalid or not allowed on its cluster (every problem is listed).</exception>
    public async Task<IReadOnlyList<AppDefinition>> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!options.Sources.TryGetValue(source, out var settings))
        {
            throw new SourceException($"source '{source}' is not configured (GitOps:Sources)");
        }

        commit ??= await fetcher.ResolveHeadAsync(source, cancellationToken).ConfigureAwait(false);
        if (cache.TryGetValue((source, commit), out var cached))
        {
            return cached;
        }

        // From the commit's tree when the fetcher offers one (no files written); from a checkout otherwise.
        var apps = await fetcher.TryReadTreeAsync(source, commit, cancellationToken).ConfigureAwait(false) is { } tree
            && await AppDefinitionLoader.LoadAsync(tree, source, settings.AppsPath, cancellationToken: cancellationToken).ConfigureAwait(false) is { } fromTree
            ? fromTree
            : LoadFromCheckout(await fetcher.CheckoutAsync(source, commit, cancellationToken).ConfigureAwait(false), source, settings.AppsPath);
        var problems = apps.SelectMany(app => AppPolicy.Check(app, options)).ToList();
        if (problems.Count > 0)
        {
            throw new AppDefinitionException(problems);
        }

        if (cache.Count >= MaxCachedCommits)
        {
            cache.Clear();
        }

        cache[(source, commit)] = apps;
        return apps;
    }

    private static IReadOnlyList<AppDefinition> LoadFromCheckout(SourceCheckout checkout, string source, string appsPath)
    {
        using (checkout)
        {
            return AppDefinitionLoader.Load(checkout.Directory, source, appsPath);
        }
    }
}
