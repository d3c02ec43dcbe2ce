using System.Text.RegularExpressions;
using GitOps.Engine.Rendering.Safety;

namespace GitOps.Engine.Rendering.Helm;

/// <summary>Checks a chart before `helm template` runs: symlinks stay inside the chart, and no template calls `lookup` unless allowed.</summary>
/// <remarks>
/// `helm template` never talks to a cluster, so `lookup` returns an empty map. A chart that uses it
/// (typically "keep the existing Secret's password if there is one") would render something
/// different from what `helm install` produces, and a GitOps apply would then overwrite live data,
/// such as regenerating a password. So such charts fail fast unless the app opts in with
/// render.helm.allowLookup: true, accepting the empty result.
/// </remarks>
public static partial class HelmChartInspector
{
    /// <summary>Throws <see cref="RenderException"/> naming the file and line of the first `lookup` call, or for a symlink leaving the chart.</summary>
    public static void Inspect(string chartFolder, string displayPath, bool allowLookup, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<(string Relative, string FullPath)> files;
        try
        {
            files = SafePaths.EnumerateFiles(chartFolder, chartFolder, options.Walk, IsTemplate);
        }
        catch (UnsafePathException ex)
        {
            throw new RenderException($"chart '{displayPath}': {ex.Message}", ex);
        }

        if (allowLookup)
        {
            return;
        }

        foreach (var (relative, full) in files)
        {
            var text = File.ReadAllText(full);
            foreach (Match action in Action().Matches(text))
            {
                if (Lookup().IsMatch(action.Value))
                {
                    var line = text.AsSpan(0, action.Index).Count('\n') + 1;
                    throw new RenderException(
                        $"{displayPath}/{relative}:{line}: the chart calls 'lookup', which returns nothing when rendering offline (helm template never reads the cluster), " +
                        "so the rendered objects could overwrite live state; set render.helm.allowLookup: true to accept empty lookups");
                }
            }
        }
    }

    private static bool IsTemplate(string relative) =>
        relative.StartsWith("templates/", StringComparison.Ordinal) || relative.Contains("/templates/", StringComparison.Ordinal);

    [GeneratedRegex(@"\{\{.*?\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Action();

    [GeneratedRegex(@"(^|[\s(|])lookup[\s(]", RegexOptions.CultureInvariant)]
    private static partial Regex Lookup();
}
