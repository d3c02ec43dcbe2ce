namespace GitOps.Engine.Apps;

/// <summary>Finds the apps a source declares.</summary>
public interface IAppCatalog
{
    /// <summary>Returns the apps declared by <paramref name="source"/> at its branch head (or at <paramref name="commit"/> when given).</summary>
    Task<IReadOnlyList<AppDefinition>> GetAppsAsync(string source, string? commit = null, CancellationToken cancellationToken = default);
}
