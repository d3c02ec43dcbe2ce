using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering.Safety;

namespace GitOps.Engine.Rendering;

/// <summary>Renderer settings (bind from configuration section "GitOps:Tools" for the tool paths).</summary>
public sealed record RenderOptions
{
    /// <summary>The defaults: kubectl and helm from PATH, 2 minutes, 64 MiB of output.</summary>
    public static RenderOptions Default { get; } = new();

    /// <summary>kubectl executable (its built-in kustomize renders kustomizations); "GitOps:Tools:Kubectl".</summary>
    public string Kubectl { get; init; } = "kubectl";

    /// <summary>helm 3 executable; "GitOps:Tools:Helm".</summary>
    public string Helm { get; init; } = "helm";

    /// <summary>Longest a renderer may run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest renderer output in bytes.</summary>
    public long MaxOutputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>YAML bounds.</summary>
    public YamlLimits Yaml { get; init; } = YamlLimits.Default;

    /// <summary>Folder walk bounds.</summary>
    public WalkLimits Walk { get; init; } = WalkLimits.Default;
}
