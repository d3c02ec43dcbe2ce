using System.Text.RegularExpressions;

namespace GitOps.Storage.Queues;

/// <summary>Queue name rules: 3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
internal static partial class QueueNames
{
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 63 || !Pattern().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid queue name: use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", nameof(name));
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Pattern();
}
