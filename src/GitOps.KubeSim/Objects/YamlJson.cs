using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitOps.KubeSim.Objects;

/// <summary>Reads apply-patch bodies: JSON directly, YAML through YamlDotNet with YAML 1.1-ish scalar typing.</summary>
internal static class YamlJson
{
    /// <summary>Parses UTF-8 bytes: a JSON body (what most clients send) without decoding it to a string first.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8)
    {
        var start = 0;
        while (start < utf8.Length && utf8[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == utf8.Length || utf8[start] != (byte)'{')
        {
            return ParseObject(System.Text.Encoding.UTF8.GetString(utf8));
        }

        try
        {
            return JsonNode.Parse(utf8) as JsonObject ?? throw ApiError.BadRequest("the apply patch is not an object");
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest("error decoding YAML: " + e.Message);
        }
    }

    public static JsonObject ParseObject(string text)
    {
        var trimmed = text.TrimStart();
        try
        {
            if (trimmed.StartsWith('{'))
            {
                return JsonNode.Parse(text) as JsonObject ?? throw ApiError.BadRequest("the apply patch is not an object");
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || Convert(stream.Documents[0].RootNode) is not JsonObject obj)
            {
                throw ApiError.BadRequest("the apply patch must be a single YAML object");
            }

            return obj;
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest("error decoding YAML: " + e.Message);
        }
        catch (YamlException e)
        {
            throw ApiError.BadRequest("error decoding YAML: " + e.Message);
        }
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMap(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => null,
    };

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            obj[((YamlScalarNode)key).Value ?? ""] = Convert(value);
        }

        return obj;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
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

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !value.StartsWith('.') && char.IsDigit(value[^1]))
        {
            return JsonNode.Parse(value.Contains('.', StringComparison.Ordinal) || value.Contains('e', StringComparison.OrdinalIgnoreCase) ? d.ToString("R", CultureInfo.InvariantCulture) : value);
        }

        return JsonValue.Create(value);
    }
}
