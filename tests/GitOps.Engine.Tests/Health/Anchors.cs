using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Engine.Tests.Health;

/// <summary>Reads the reference data in tests/GitOps.Engine.Tests/Anchors (copied from peer projects, each set with its
/// source and licence) and turns YAML or JSON files into objects.</summary>
internal static class Anchors
{
    /// <summary>The folder of one anchor set, e.g. "argo-health".</summary>
    public static string Folder(string name)
    {
        var folder = Path.Combine(ToolPaths.RepositoryRoot, "tests", "GitOps.Engine.Tests", "Anchors", name);
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"The anchor set '{name}' is missing: {folder}");
    }

    /// <summary>The rows of a tab-separated file, without comment lines starting with '#'.</summary>
    public static IEnumerable<string[]> TsvRows(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'));

    /// <summary>Loads a .json or .yaml file as a JSON object.</summary>
    public static JsonObject Load(string path)
    {
        var text = File.ReadAllText(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return JsonNode.Parse(text)!.AsObject();
        }

        return ParseYaml(text);
    }

    /// <summary>
    /// Parses the first YAML document into a JSON object, typing plain scalars as YAML's core schema does.
    /// Reads parser events rather than the representation model, so a repeated key (one captured
    /// fixture, statefulset-ondelete.yaml, has one) means "last wins" instead of an error.
    /// </summary>
    public static JsonObject ParseYaml(string text)
    {
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        return (JsonObject)ReadNode(parser)!;
    }

    private static JsonNode? ReadNode(IParser parser)
    {
        if (parser.TryConsume<MappingStart>(out _))
        {
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>().Value;
                obj[key] = ReadNode(parser);
            }

            return obj;
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser));
            }

            return array;
        }

        return Scalar(parser.Consume<Scalar>());
    }

    private static JsonNode? Scalar(Scalar scalar)
    {
        var value = scalar.Value;
        if (!scalar.IsPlainImplicit)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (value.Any(char.IsDigit) && !value.Contains(':', StringComparison.Ordinal)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }
}
