using GitOps.Engine.Apps;
namespace GitOps.Engine.Drift.Comparison;

/// <summary>How desired and live objects are compared.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Our server-side apply field manager; its managedFields entry tells which fields we own.</summary>
    public string FieldManager { get; init; } = "gitops-functions";

    /// <summary>The app's ignore rules.</summary>
    public IReadOnlyList<IgnoreRule> IgnoreRules { get; init; } = [];

    /// <summary>Field managers whose changes are ignored for every object.</summary>
    public IReadOnlyList<string> IgnoredManagers { get; init; } = [];

    /// <summary>The defaults: manager "gitops-functions", nothing ignored.</summary>
    public static ComparisonOptions Default { get; } = new();
}
