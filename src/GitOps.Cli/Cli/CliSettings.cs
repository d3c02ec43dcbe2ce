using GitOps.Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace GitOps.Cli;

/// <summary>The configuration the verbs read: environment, then local.settings.json's Values below it, as `serve` reads them.</summary>
/// <remarks>Tests inject settings through <see cref="CommandLine.RunAsync(string[], TextWriter, TextWriter, IReadOnlyDictionary{string, string}, CancellationToken)"/>; they win over everything.</remarks>
internal static class CliSettings
{
    private static readonly AsyncLocal<IReadOnlyDictionary<string, string?>?> Overrides = new();

    /// <summary>Sets the overrides for the current invocation (flows into the verb's action).</summary>
    public static void SetOverrides(IReadOnlyDictionary<string, string?>? settings) => Overrides.Value = settings;

    /// <summary>Builds the configuration for one verb.</summary>
    public static IConfiguration Build()
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables();
        FunctionsConfiguration.AddFunctionsFiles(builder, hostJsonPath: null, Directory.GetCurrentDirectory());
        if (Overrides.Value is { } overrides)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    /// <summary>The invocation's overrides (tests, embedding) with <paramref name="settings"/> on top, for verbs that build a host.</summary>
    public static IReadOnlyDictionary<string, string?> WithOverrides(IReadOnlyDictionary<string, string?> settings)
    {
        var merged = new Dictionary<string, string?>(Overrides.Value ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }

        return merged;
    }
}
