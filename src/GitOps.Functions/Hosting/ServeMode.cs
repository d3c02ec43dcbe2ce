namespace GitOps.Functions.Hosting;

/// <summary>How `gitops serve` runs.</summary>
public enum ServeMode
{
    /// <summary>Under the Functions host: it runs the triggers and calls us (FUNCTIONS_CUSTOMHANDLER_PORT is set).</summary>
    CustomHandler,

    /// <summary>By itself: our own HTTP listener, queue listener and timer scheduler (local runs, tests, plain containers).</summary>
    Standalone,
}

/// <summary>The mode this process serves in (a DI singleton).</summary>
public sealed record ServeModeInfo(ServeMode Mode);
