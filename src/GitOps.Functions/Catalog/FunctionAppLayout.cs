using GitOps.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Catalog;

/// <summary>Writes the per-function folders of a Function App (PLATFORM.md §A layout) from the catalog.</summary>
public static class FunctionAppLayout
{
    /// <summary>The catalog as `gitops serve` would build it, without starting anything or touching storage.</summary>
    public static FunctionCatalog LoadCatalog()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageOptions.SettingName] = "UseDevelopmentStorage=true" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddGitOpsRuntime(ServeMode.CustomHandler);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<FunctionCatalog>();
    }

    /// <summary>Writes &lt;root&gt;/&lt;function&gt;/function.json for every function; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string root, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var written = new List<string>();
        foreach (var function in catalog.Functions)
        {
            var folder = Path.Combine(root, function.Name);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, "function.json");
            File.WriteAllText(file, function.ToFunctionJson());
            written.Add(file);
        }

        return written;
    }
}
