using System.Text.Json;

namespace GitOps.FunctionApp.Tests;

/// <summary>The Function App's publish output (written next to the tests by the project's PublishFunctionApp target).</summary>
internal static class PublishedApp
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "function-app");

    public static JsonElement Read(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        Assert.True(File.Exists(path), $"{relativePath} is missing from the publish output");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>functions.metadata's entries by function name.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Functions() =>
        Read("functions.metadata").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, StringComparer.Ordinal);

    /// <summary>The trigger binding of a function.</summary>
    public static JsonElement Trigger(string function) =>
        Functions()[function].GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
}
