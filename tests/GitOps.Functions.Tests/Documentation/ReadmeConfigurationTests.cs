using System.Reflection;
using GitOps.Engine.Configuration;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Rendering;
using GitOps.Engine.Sources;
using GitOps.Engine.Sync;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using GitOps.Functions.Status;
using GitOps.Testing;

namespace GitOps.Functions.Tests.Documentation;

/// <summary>The README's configuration reference names every setting the options classes bind: an undocumented setting fails here.</summary>
public sealed class ReadmeConfigurationTests
{
    private static readonly (string Section, Type Options)[] Sections =
    [
        ("GitOps", typeof(GitOpsOptions)),
        ("GitOps", typeof(DriftOptions)),
        ("GitOps:Sources:<name>", typeof(SourceOptions)),
        ("GitOps:Clusters:<name>", typeof(ClusterOptions)),
        (DriftSweepOptions.SectionName, typeof(DriftSweepOptions)),
        (SyncPipelineOptions.SectionName, typeof(SyncPipelineOptions)),
        (WebhookOptions.SectionName, typeof(WebhookOptions)),
        ("GitOps:Git", typeof(GitFetcherOptions)),
        ("GitOps:Tools", typeof(RenderOptions)),
        ("extensions:queues", typeof(QueueTriggerOptions)),
        (StatusApiOptions.SectionName, typeof(StatusApiOptions)),
    ];

    public static TheoryData<string> Settings()
    {
        var data = new TheoryData<string>();
        foreach (var (section, type) in Sections)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && IsScalar(p.PropertyType)))
            {
                data.Add($"{section}:{property.Name}");
            }
        }

        foreach (var storage in (string[])["AzureWebJobsStorage", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__clientId"])
        {
            data.Add(storage);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Readme_DocumentsSetting(string setting)
    {
        var readme = File.ReadAllText(Path.Combine(ToolPaths.RepositoryRoot, "README.md"));

        Assert.True(readme.Contains($"`{setting}`", StringComparison.OrdinalIgnoreCase), $"README.md does not document `{setting}` in its configuration reference.");
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(decimal) || t == typeof(Uri)
            || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) && IsScalar(t.GetGenericArguments()[0]));
    }
}
