using GitOps.Engine.Sync;

namespace GitOps.Engine.Status;

/// <summary>Builds the bounded error list of an app status from a change set.</summary>
public static class AppStatusErrors
{
    /// <summary>Most errors kept.</summary>
    public const int MaxErrors = 20;

    /// <summary>Longest message kept per error.</summary>
    public const int MaxLength = 300;

    /// <summary>Failed entries as "Kind/ns/name: message", truncated, with a trailing "... and N more".</summary>
    public static IReadOnlyList<string> From(ChangeSet changes, string? pipelineError = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var all = new List<string>();
        if (pipelineError is not null)
        {
            all.Add(Truncate(pipelineError));
        }

        all.AddRange(changes.Entries.Where(e => e.Action == ChangeAction.Failed).Select(e => Truncate($"{e.Object}: {e.Message}")));
        if (all.Count <= MaxErrors)
        {
            return all;
        }

        return [.. all.Take(MaxErrors - 1), $"... and {all.Count - (MaxErrors - 1)} more"];
    }

    /// <summary>Cuts a message to <see cref="MaxLength"/> characters.</summary>
    public static string Truncate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");
    }
}
