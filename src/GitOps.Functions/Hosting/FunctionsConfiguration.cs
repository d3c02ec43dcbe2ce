using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace GitOps.Functions.Hosting;

/// <summary>Adds the Functions configuration files: host.json (under AzureFunctionsJobHost) and local.settings.json's Values.</summary>
/// <remarks>
/// Both go below the environment variables, as under the host: an app setting such as
/// AzureFunctionsJobHost__extensions__queues__maxDequeueCount overrides host.json, and a real environment variable wins over
/// local.settings.json (Core Tools only sets the ones not already set).
/// </remarks>
public static class FunctionsConfiguration
{
    /// <summary>The host.json file name.</summary>
    public const string HostJsonFile = "host.json";

    /// <summary>The local settings file name (development only; never deployed).</summary>
    public const string LocalSettingsFile = "local.settings.json";

    /// <summary>Inserts the two files' values just before the last environment-variable source.</summary>
    public static void AddFunctionsFiles(IConfigurationBuilder builder, string? hostJsonPath, string? localSettingsDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (hostJsonPath is not null && File.Exists(hostJsonPath))
        {
            Flatten(ReadJson(hostJsonPath), "AzureFunctionsJobHost", values);
        }

        var localSettings = localSettingsDirectory is null ? null : Path.Combine(localSettingsDirectory, LocalSettingsFile);
        if (localSettings is not null && File.Exists(localSettings))
        {
            using var doc = ReadJson(localSettings);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("Values", out var settings) && settings.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in settings.EnumerateObject())
                {
                    values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] =
                        setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
                }
            }
        }

        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        var index = builder.Sources.Select((s, i) => (s, i))
            .LastOrDefault(p => p.s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" }).i;
        var hasEnvironment = builder.Sources.Any(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (hasEnvironment)
        {
            builder.Sources.Insert(index, source);
        }
        else
        {
            builder.Sources.Add(source);
        }
    }

    /// <summary>Finds host.json: the explicit path, then FUNCTIONS_APP_ROOT_PATH, then the executable's folder.</summary>
    public static string ResolveHostJsonPath(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return configuredPath;
        }

        var appRoot = Environment.GetEnvironmentVariable("FUNCTIONS_APP_ROOT_PATH");
        if (!string.IsNullOrWhiteSpace(appRoot) && File.Exists(Path.Combine(appRoot, HostJsonFile)))
        {
            return Path.Combine(appRoot, HostJsonFile);
        }

        return Path.Combine(AppContext.BaseDirectory, HostJsonFile);
    }

    private static JsonDocument ReadJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void Flatten(JsonDocument doc, string prefix, Dictionary<string, string?> values)
    {
        using (doc)
        {
            Flatten(doc.RootElement, prefix, values);
        }
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path + ":" + property.Name, values);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, path + ":" + i++, values);
                }

                break;
            case JsonValueKind.String:
                values[path] = element.GetString();
                break;
            case JsonValueKind.Null:
                values[path] = null;
                break;
            default:
                values[path] = element.GetRawText();
                break;
        }
    }
}
