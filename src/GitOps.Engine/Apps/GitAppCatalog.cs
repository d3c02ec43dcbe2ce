using System.Collections.Concurrent;
using GitOps.Engine.Configuration;
using GitOps.Engine.Sources;

namespace GitOps.Engine.Apps;

/// <summary>Reads app definitions from a source's apps folder at a commit, checks them against the host's clusters, and caches them per commit.</summary>
public sealed class GitAppCatalog(ISourceFetcher fetcher, GitOpsOptions options) : IAppCatalog
{
    private const int MaxCachedCommits = 64;
    private readonly ConcurrentDictionary<(string Source, string Commit), SourceApps> cache = new();

    /// <inheritdoc />
    /// <remarks>An app not allowed on its cluster (AppPolicy) is listed as invalid with the setting that forbids it.</remarks>
    /// <exception cref="AppDefinitionException">The apps folder itself cannot be read.</exception>
    public async Task<SourceApps> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default)
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
        var loaded = await fetcher.TryReadTreeAsync(source, commit, cancellationToken).ConfigureAwait(false) is { } tree
            && await AppDefinitionLoader.LoadAllAsync(tree, source, settings.AppsPath, cancellationToken: cancellationToken).ConfigureAwait(false) is { } fromTree
            ? fromTree
            : LoadFromCheckout(await fetcher.CheckoutAsync(source, commit, cancellationToken).ConfigureAwait(false), source, settings.AppsPath);
        var apps = new List<AppDefinition>();
        var invalid = new List<InvalidApp>(loaded.Invalid);
        foreach (var app in loaded.Apps)
        {
            if (AppPolicy.Check(app, options) is { Count: > 0 } problems)
            {
                invalid.Add(new InvalidApp(app.Name, app.DefinedIn, problems));
            }
            else
            {
                apps.Add(app);
            }
        }

        var result = new SourceApps(apps, invalid, loaded.Problems);
        if (cache.Count >= MaxCachedCommits)
        {
            cache.Clear();
        }

        cache[(source, commit)] = result;
        return result;
    }

    private static SourceApps LoadFromCheckout(SourceCheckout checkout, string source, string appsPath)
    {
        using (checkout)
        {
            return AppDefinitionLoader.LoadAll(checkout.Directory, source, appsPath);
        }
    }
}
