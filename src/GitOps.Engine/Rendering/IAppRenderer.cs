using System.Text.Json.Nodes;
using GitOps.Engine.Apps;

namespace GitOps.Engine.Rendering;

/// <summary>Turns an app's folder in a checkout into validated Kubernetes objects.</summary>
public interface IAppRenderer
{
    /// <summary>Renders and validates; throws <see cref="RenderException"/> with file/line context on any problem.</summary>
    Task<RenderResult> RenderAsync(AppDefinition app, string checkoutDirectory, CancellationToken cancellationToken = default);
}

/// <summary>The desired objects of an app, in document order, namespaces defaulted.</summary>
public sealed record RenderResult(IReadOnlyList<JsonObject> Objects, string Renderer);

/// <summary>Rendering or validation failed; the message names file, line and field where known.</summary>
public sealed class RenderException : Exception
{
    public RenderException(string message) : base(message) { }
    public RenderException(string message, Exception inner) : base(message, inner) { }
    public RenderException() { }
}
