using System.Text.RegularExpressions;

namespace GitOps.Engine.Rendering.Validation;

/// <summary>Kubernetes object name rules per kind (apimachinery validation).</summary>
public static partial class ObjectNames
{
    private static readonly HashSet<(string Group, string Kind)> LabelNamed = [("", "Namespace")];
    private static readonly HashSet<(string Group, string Kind)> Dns1035Named = [("", "Service")];
    private static readonly HashSet<string> PathSegmentGroups = ["rbac.authorization.k8s.io"];

    /// <summary>Returns why <paramref name="name"/> is invalid for the kind, or null when it is valid.</summary>
    public static string? Problem(string group, string kind, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "metadata.name must not be empty";
        }

        if (LabelNamed.Contains((group, kind)))
        {
            return name.Length <= 63 && Dns1123Label().IsMatch(name) ? null
                : $"name '{name}' must be a DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)";
        }

        if (Dns1035Named.Contains((group, kind)))
        {
            return name.Length <= 63 && Dns1035Label().IsMatch(name) ? null
                : $"name '{name}' must be a DNS-1035 label (lowercase letters, digits, '-', starting with a letter, at most 63 characters)";
        }

        if (PathSegmentGroups.Contains(group))
        {
            return name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal)
                ? $"name '{name}' must not be '.' or '..' nor contain '/' or '%'"
                : null;
        }

        return name.Length <= 253 && Dns1123Subdomain().IsMatch(name) ? null
            : $"name '{name}' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)";
    }

    /// <summary>Whether <paramref name="name"/> is a valid namespace name.</summary>
    public static bool IsNamespaceName(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();
}
