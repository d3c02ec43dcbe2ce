using Microsoft.Azure.WebJobs;

namespace GitOps.Cli.Serve;

/// <summary>The WebJobs functions of `gitops serve`: exactly the adapters given, never whatever else the loaded assemblies hold.</summary>
public sealed class ServeTypeLocator(params Type[] types) : ITypeLocator
{
    /// <inheritdoc />
    public IReadOnlyList<Type> GetTypes() => types;
}
