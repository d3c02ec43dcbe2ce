using System.Reflection;
using GitOps.Testing;

namespace GitOps.Dashboard.Tests.Views;

/// <summary>The README's configuration reference names every dashboard setting.</summary>
public sealed class ReadmeDashboardSettingsTests
{
    public static TheoryData<string> Settings() =>
        [.. typeof(DashboardOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{DashboardOptions.SectionName}:{p.Name}")];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Readme_DocumentsSetting(string setting)
    {
        var readme = File.ReadAllText(Path.Combine(ToolPaths.RepositoryRoot, "README.md"));

        Assert.True(readme.Contains($"`{setting}`", StringComparison.Ordinal), $"README.md does not document `{setting}`.");
    }
}
