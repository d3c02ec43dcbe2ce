namespace GitOps.Engine.Apps;

/// <summary>Which renderer turns the app folder into manifests.</summary>
public enum RenderType
{
    /// <summary>Kustomize when a kustomization file exists, Helm when Chart.yaml exists, else plain.</summary>
    Auto,

    /// <summary>Every .yaml/.yml/.json file under the folder.</summary>
    Plain,

    /// <summary>`kubectl kustomize`.</summary>
    Kustomize,

    /// <summary>`helm template`.</summary>
    Helm,
}

/// <summary>Render options of an app.</summary>
public sealed record RenderSpec
{
    /// <summary>Auto-detect, nothing else set.</summary>
    public static RenderSpec Auto { get; } = new();

    /// <summary>The renderer.</summary>
    public RenderType Type { get; init; } = RenderType.Auto;

    /// <summary>Kustomize: allow remote bases and resources (http(s), git). Off by default: the render must depend on this commit only.</summary>
    public bool AllowRemoteBases { get; init; }

    /// <summary>Helm options (used when the renderer is Helm).</summary>
    public HelmSpec Helm { get; init; } = HelmSpec.Default;
}

/// <summary>Helm options of an app.</summary>
public sealed record HelmSpec
{
    /// <summary>The defaults: release named after the app, the chart's own values.</summary>
    public static HelmSpec Default { get; } = new();

    /// <summary>Release name; defaults to the app name.</summary>
    public string? ReleaseName { get; init; }

    /// <summary>Values files relative to the chart folder (inside the repository), applied in order.</summary>
    public IReadOnlyList<string> ValuesFiles { get; init; } = [];

    /// <summary>Inline values (JSON text of a mapping), applied after the values files; null for none.</summary>
    public string? Values { get; init; }

    /// <summary>Allow templates that call `lookup` (which renders as empty offline). Off by default.</summary>
    public bool AllowLookup { get; init; }
}
