using System.Text.Json.Nodes;
using GitOps.Engine.Apps;
using GitOps.Engine.Sources;

namespace GitOps.Engine.Rendering;

/// <summary>Turns an app's folder in a checkout into validated Kubernetes objects.</summary>
public interface IAppRenderer
{
    /// <summary>Renders and validates; throws <see cref="RenderException"/> with file/line context on any problem.</summary>
    Task<RenderResult> RenderAsync(AppDefinition app, string checkoutDirectory, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renders and validates from a commit's tree, without a checkout, when the app allows it (a plain app); null when it
    /// needs a checkout (Kustomize, Helm, or anything the tree cannot answer alone). Throws as <see cref="RenderAsync"/> does.
    /// </summary>
    Task<RenderResult?> TryRenderAsync(AppDefinition app, SourceTree tree, CancellationToken cancellationToken = default) => Task.FromResult<RenderResult?>(null);
}

/// <summary>The desired objects of an app, in document order, namespaces defaulted.</summary>
public sealed record RenderResult(IReadOnlyList<JsonObject> Objects, string Renderer);

/// <summary>Rendering or validation failed; the message names file, line and field where known.</summary>
public sealed class RenderException : Exception
{
    public RenderException(string message) : base(message) => Problems = [message];

    public RenderException(string message, Exception inner) : base(message, inner) => Problems = [message];

    public RenderException() => Problems = [];

    /// <summary>Several problems at once (each names its file, document and line).</summary>
    public RenderException(IReadOnlyList<string> problems)
        : base(Summarise(problems)) => Problems = problems;

    /// <summary>Every problem found (at least one), each actionable on its own.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Summarise(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        const int shown = 20;
        if (problems.Count == 1)
        {
            return problems[0];
        }

        var text = $"{problems.Count} problems:\n  " + string.Join("\n  ", problems.Take(shown));
        return problems.Count > shown ? text + $"\n  … and {problems.Count - shown} more" : text;
    }
}
