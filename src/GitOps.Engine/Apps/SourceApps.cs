namespace GitOps.Engine.Apps;

/// <summary>
/// What a source declares at one commit: the apps that can be synced, the apps that cannot (each with why), and the
/// problems no single app can be blamed for (a file that does not parse). One invalid app never hides the others.
/// </summary>
/// <param name="Apps">The valid apps, in declaration order.</param>
/// <param name="Invalid">Apps whose definition is invalid or not allowed on this host.</param>
/// <param name="Problems">Problems in the apps folder that name no app.</param>
public sealed record SourceApps(IReadOnlyList<AppDefinition> Apps, IReadOnlyList<InvalidApp> Invalid, IReadOnlyList<string> Problems)
{
    /// <summary>Only valid apps, no problems.</summary>
    public static SourceApps Of(IReadOnlyList<AppDefinition> apps) => new(apps, [], []);

    /// <summary>Every problem: the unattributed ones, then each invalid app's.</summary>
    public IReadOnlyList<string> AllProblems => [.. Problems, .. Invalid.SelectMany(i => i.Problems)];

    /// <summary>The valid app named <paramref name="name"/>, or null.</summary>
    public AppDefinition? Find(string name) => Apps.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The invalid app named <paramref name="name"/>, or null.</summary>
    public InvalidApp? FindInvalid(string name) => Invalid.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The valid apps; throws <see cref="AppDefinitionException"/> listing every problem when there is any.</summary>
    public IReadOnlyList<AppDefinition> ValidOrThrow()
    {
        var problems = AllProblems;
        return problems.Count == 0 ? Apps : throw new AppDefinitionException(problems);
    }

    /// <summary>
    /// Why <paramref name="app"/> cannot be synced: its own problems (first, so that a commit status's short description
    /// still names them), or that it is not declared at <paramref name="commit"/> (with the folder's problems that may explain it).
    /// </summary>
    public string WhyNotSyncable(string app, string source, string commit) => FindInvalid(app) is { } invalid
        ? $"app '{app}' of source '{source}' is invalid: {invalid.Reason}"
        : $"app '{app}' is not declared by source '{source}' at commit {commit}" + (Problems.Count > 0 ? $" (the apps folder has problems: {string.Join("; ", Problems)})" : "");
}

/// <summary>An app that a source declares but that cannot be synced.</summary>
/// <param name="Name">The app's name (metadata.name).</param>
/// <param name="DefinedIn">"file:line" of its definition.</param>
/// <param name="Problems">Each problem, naming file, line and field.</param>
public sealed record InvalidApp(string Name, string DefinedIn, IReadOnlyList<string> Problems)
{
    /// <summary>The problems on one line.</summary>
    public string Reason => string.Join("; ", Problems);
}
