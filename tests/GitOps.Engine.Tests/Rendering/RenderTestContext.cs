using GitOps.Engine.Apps;
using GitOps.Engine.Rendering;
using GitOps.Testing;

namespace GitOps.Engine.Tests.Rendering;

/// <summary>Real tool paths and app shortcuts for renderer tests.</summary>
internal static class RenderTestContext
{
    public static RenderOptions Options { get; } = new() { Kubectl = ToolPaths.Kubectl, Helm = ToolPaths.Helm, Timeout = TimeSpan.FromMinutes(2) };

    public static AppDefinition App(string path, string? ns = "web", RenderSpec? render = null) => new()
    {
        Name = "web", Source = "s", Path = path, Cluster = "c", Namespace = ns, Render = render ?? RenderSpec.Auto,
    };

    public static Task<RenderResult> RenderAsync(string checkout, AppDefinition app) => new AppRenderer(Options).RenderAsync(app, checkout);
}
