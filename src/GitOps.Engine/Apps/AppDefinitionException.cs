namespace GitOps.Engine.Apps;

/// <summary>App definitions in `.gitops/` are invalid or not allowed by the host; <see cref="Problems"/> lists each as "file:line: field: problem".</summary>
public sealed class AppDefinitionException : Exception
{
    public AppDefinitionException(IReadOnlyList<string> problems)
        : base(problems is [var one] ? one : $"{problems.Count} problems in app definitions:\n  " + string.Join("\n  ", problems)) => Problems = problems;

    public AppDefinitionException() => Problems = [];

    public AppDefinitionException(string message) : base(message) => Problems = [message];

    public AppDefinitionException(string message, Exception inner) : base(message, inner) => Problems = [message];

    /// <summary>Every problem found, each naming file, line and field.</summary>
    public IReadOnlyList<string> Problems { get; }
}
