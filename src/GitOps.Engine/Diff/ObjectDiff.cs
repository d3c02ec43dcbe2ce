using System.Text.Json.Nodes;
using GitOps.Kubernetes;

namespace GitOps.Engine.Diff;

/// <summary>Which fields a diff shows.</summary>
public enum DiffScope
{
    /// <summary>Only the fields we set (live cut down to them): the diff shows exactly what an apply would change.</summary>
    ComparedFields,

    /// <summary>The whole live object (minus status and server bookkeeping) against the desired one.</summary>
    Full,
}

/// <summary>Options for <see cref="ObjectDiff"/>.</summary>
public sealed record ObjectDiffOptions
{
    /// <summary>Which fields to show.</summary>
    public DiffScope Scope { get; init; } = DiffScope.ComparedFields;

    /// <summary>Unchanged lines shown around each change.</summary>
    public int ContextLines { get; init; } = 3;

    /// <summary>The defaults: compared fields, 3 context lines.</summary>
    public static ObjectDiffOptions Default { get; } = new();
}

/// <summary>
/// A unified YAML diff of one object, from live ("---") to desired ("+++"), as `kubectl diff`
/// orders it. Secret values are masked on both sides. Empty when nothing differs.
/// </summary>
public static class ObjectDiff
{
    /// <summary>
    /// The diff of one object. A null <paramref name="live"/> means missing (all lines added);
    /// a null <paramref name="desired"/> means extra (all lines removed).
    /// </summary>
    public static string Unified(JsonObject? desired, JsonObject? live, ObjectDiffOptions? options = null)
    {
        options ??= ObjectDiffOptions.Default;
        var subject = desired ?? live ?? throw new ArgumentException("at least one of desired and live is required");
        var label = Label(subject);

        var isSecret = SecretMasking.IsSecret(subject);
        var shownDesired = desired is null ? null : DiffProjection.CleanDesired(desired);
        if (isSecret && shownDesired is not null)
        {
            SecretMasking.Fold(shownDesired); // compare stringData with what the server stores in data
        }

        JsonObject? shownLive = null;
        if (live is not null)
        {
            shownLive = options.Scope == DiffScope.ComparedFields && shownDesired is not null
                ? DiffProjection.Restrict(shownDesired, live)
                : DiffProjection.CleanLive(live);
        }

        if (isSecret)
        {
            SecretMasking.MaskPair(shownDesired, shownLive);
        }

        var oldText = shownLive is null ? "" : YamlEmitter.Emit(shownLive);
        var newText = shownDesired is null ? "" : YamlEmitter.Emit(shownDesired);
        return UnifiedDiff.Create(oldText, newText, $"live/{label}", $"desired/{label}", options.ContextLines);
    }

    private static string Label(JsonObject obj)
    {
        try
        {
            return ObjectRef.Of(obj).ToString();
        }
        catch (ArgumentException)
        {
            return "object";
        }
    }
}
