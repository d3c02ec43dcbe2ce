using System.CommandLine;

namespace GitOps.Cli;

/// <summary>One `gitops` verb. Adding a verb is adding one file with a class implementing this interface.</summary>
/// <remarks>
/// <see cref="CommandLine"/> finds every non-abstract implementation in this assembly (public parameterless
/// constructor) and adds its command to the root, sorted by name. The command's action returns an <see cref="ExitCodes"/> value.
/// </remarks>
public interface ICliVerb
{
    /// <summary>Builds the verb's command with its options and action.</summary>
    Command Build();
}
