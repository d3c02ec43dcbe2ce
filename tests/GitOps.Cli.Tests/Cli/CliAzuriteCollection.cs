using GitOps.Testing.Azurite;

namespace GitOps.Cli.Tests.Cli;

/// <summary>One Azurite for the CLI and status API tests (they run one class at a time and use distinct app and job names).</summary>
[CollectionDefinition(Name)]
public sealed class CliAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "cli-azurite";
}
