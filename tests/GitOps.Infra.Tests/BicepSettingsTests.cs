using System.Reflection;
using System.Text.RegularExpressions;
using GitOps.Engine.Configuration;
using GitOps.Functions.Hosting;
using GitOps.Testing;

namespace GitOps.Infra.Tests;

/// <summary>infra/main.bicep sets every required setting of the options classes, and nothing the app would not read.</summary>
/// <remarks>The app settings are read from the template text, param defaults substituted (the compiled template holds them as
/// ARM expressions); <see cref="BicepCompileTests"/> checks that the template compiles.</remarks>
public sealed partial class BicepSettingsTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Settings = new(ReadAppSettings);

    private static IReadOnlySet<string> RequiredSettings() =>
        typeof(RequiredSettingAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RequiredSettingAttribute>()
                .Concat(t.GetProperties().SelectMany(p => p.GetCustomAttributes<RequiredSettingAttribute>())))
            .Select(a => a.AppSetting)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Template_SetsEveryRequiredSetting()
    {
        var missing = RequiredSettings().Where(name => !Settings.Value.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "infra/main.bicep lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Template_SetsOnlySettingsTheAppReads()
    {
        var required = RequiredSettings();
        var unknown = Settings.Value.Keys.Where(name => !required.Contains(name) && !BindsToGitOpsOptions(name)).ToList();

        Assert.True(unknown.Count == 0, "infra/main.bicep sets settings nothing reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Template_Secrets_AreKeyVaultReferences()
    {
        var secrets = Settings.Value.Where(s => s.Key.Contains("Secret", StringComparison.Ordinal) || s.Key.EndsWith("__Token", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.StartsWith("'@Microsoft.KeyVault(", s.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Template_Identity_HasQueueAndTableDataRoles()
    {
        var text = File.ReadAllText(Path.Combine(ToolPaths.RepositoryRoot, "infra", "main.bicep"));

        Assert.Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", text, StringComparison.Ordinal);
        Assert.Contains("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", text, StringComparison.Ordinal);
        Assert.Contains("'gitops-sync-poison'", text, StringComparison.Ordinal);
    }

    // GitOps__Sources__<name>__<Property>[__<index>] and GitOps__Clusters__<name>__<Property>[__<index>] bind to the options classes.
    private static bool BindsToGitOpsOptions(string name)
    {
        var parts = name.Split("__");
        if (parts.Length < 4 || parts[0] != GitOpsOptions.SectionName)
        {
            return false;
        }

        var type = parts[1] switch
        {
            nameof(GitOpsOptions.Sources) => typeof(SourceOptions),
            nameof(GitOpsOptions.Clusters) => typeof(ClusterOptions),
            _ => null,
        };
        var property = type?.GetProperty(parts[3]);
        return property is not null && (parts.Length == 4 || (parts.Length == 5 && int.TryParse(parts[4], out _) && property.PropertyType != typeof(string)));
    }

    private static IReadOnlyDictionary<string, string> ReadAppSettings()
    {
        var text = File.ReadAllText(Path.Combine(ToolPaths.RepositoryRoot, "infra", "main.bicep"));
        var parameters = ParamDefault().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in SettingEntry().Matches(text))
        {
            var name = Interpolation().Replace(match.Groups[1].Value, m => parameters.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
            Assert.DoesNotContain("${", name, StringComparison.Ordinal);
            settings.Add(name, match.Groups[2].Value.Trim());
        }

        Assert.NotEmpty(settings);
        return settings;
    }

    [GeneratedRegex(@"^param (\w+) string = '([^']*)'", RegexOptions.Multiline)]
    private static partial Regex ParamDefault();

    [GeneratedRegex(@"\{ name: '([^']+)', value: (.+) \}")]
    private static partial Regex SettingEntry();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex Interpolation();
}
