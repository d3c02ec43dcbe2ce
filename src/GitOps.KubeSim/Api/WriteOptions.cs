namespace GitOps.KubeSim.Api;

/// <summary>Query options shared by every write: field manager, dry run, force, subresource.</summary>
internal sealed record WriteOptions(string FieldManager, bool DryRun, bool Force = false, string? Subresource = null);

/// <summary>Query options of a list.</summary>
internal sealed record ListOptions(string? LabelSelector, string? FieldSelector, int Limit, string? Continue);
