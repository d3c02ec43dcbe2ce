using GitOps.Engine.Apps;

namespace GitOps.Engine.Webhooks.Matching;

/// <summary>Selects the apps a push affects from the paths it changed.</summary>
/// <remarks>
/// An app is affected when a changed path lies under its <see cref="AppDefinition.Path"/> or one of its
/// <see cref="AppDefinition.WatchPaths"/>. A change under the source's apps folder (<c>.gitops/</c>) affects
/// every app: app definitions may have changed, and telling which is the sync's job, not the webhook's.
/// When the paths are unknown (null), every app is affected.
/// </remarks>
public static class AffectedApps
{
    /// <summary>The apps affected by <paramref name="changedPaths"/> (null = unknown = all), in catalog order.</summary>
    public static IReadOnlyList<AppDefinition> Select(IReadOnlyList<AppDefinition> apps, IReadOnlyCollection<string>? changedPaths, string appsPath)
    {
        ArgumentNullException.ThrowIfNull(apps);
        if (changedPaths is null)
        {
            return apps;
        }

        if (DefinitionsMayHaveChanged(changedPaths, appsPath))
        {
            return apps;
        }

        var normalized = changedPaths.Select(NormalizePath).ToList();
        return apps.Where(app => normalized.Any(p => IsUnder(p, NormalizePath(app.Path)) || app.WatchPaths.Any(w => IsUnder(p, NormalizePath(w))))).ToList();
    }

    /// <summary>True when the push may have changed app definitions: a path under the apps folder changed, or the paths are unknown.</summary>
    public static bool DefinitionsMayHaveChanged(IReadOnlyCollection<string>? changedPaths, string appsPath)
    {
        var appsFolder = NormalizePath(appsPath);
        return changedPaths is null || changedPaths.Any(p => IsUnder(NormalizePath(p), appsFolder));
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it; the empty folder is the repository root.</summary>
    public static bool IsUnder(string path, string folder)
    {
        if (folder.Length == 0)
        {
            return true;
        }

        return path.StartsWith(folder, StringComparison.Ordinal)
            && (path.Length == folder.Length || path[folder.Length] == '/');
    }

    /// <summary>Forward slashes, no leading "./" or "/", no trailing "/"; "." becomes the root "".</summary>
    public static string NormalizePath(string? path)
    {
        var s = (path ?? "").Replace('\\', '/').Trim();
        while (s.StartsWith("./", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        s = s.Trim('/');
        return s == "." ? "" : s;
    }
}
