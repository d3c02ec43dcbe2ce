namespace GitOps.Engine.Apps;

/// <summary>Finds the apps a source declares.</summary>
public interface IAppCatalog
{
    /// <summary>
    /// Returns the apps declared by <paramref name="source"/> at its branch head (or at <paramref name="commit"/> when given):
    /// the valid ones, and apart from them the invalid ones with their problems (one bad definition never hides the others).
    /// </summary>
    Task<SourceApps> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default);
}
