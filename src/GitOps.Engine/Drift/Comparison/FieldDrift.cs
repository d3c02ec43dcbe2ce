using System.Text.Json.Nodes;

namespace GitOps.Engine.Drift.Comparison;

/// <summary>
/// One field whose live value differs from what we apply. <see cref="Path"/> reads like
/// "spec.template.spec.containers[name=web].image"; a null side means absent. Secret values are
/// masked ("***") on both sides. <see cref="Manager"/> names the field manager that owns the live
/// value when managedFields say so.
/// </summary>
public sealed record FieldDrift(string Path, JsonNode? Desired, JsonNode? Live, string? Manager = null);
