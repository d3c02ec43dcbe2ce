namespace GitOps.Dashboard.Tests.Support;

/// <summary>One stack (Azurite, simulator, git daemon, serve) and one browser shared by the dashboard's test classes, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardStack>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "dashboard";
}
