using System.Text.Json.Nodes;
using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Storage;

/// <summary>A parsed labelSelector: every requirement must hold.</summary>
internal sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <summary>The first "key=value" requirement, usable with a label index.</summary>
    public (string Key, string Value)? FirstEquality =>
        _requirements.FirstOrDefault(r => r.Op == Op.Equals) is { } r ? (r.Key, r.Values[0]) : null;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject? labels)
    {
        foreach (var r in _requirements)
        {
            var has = labels is not null && labels.TryGetPropertyValue(r.Key, out var node) && node is not null;
            var value = has ? labels![r.Key]!.GetValue<string>() : null;
            var ok = r.Op switch
            {
                Op.Exists => has,
                Op.NotExists => !has,
                Op.Equals => has && value == r.Values[0],
                Op.NotEquals => !has || value != r.Values[0],
                Op.In => has && r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                Op.GreaterThan => has && long.TryParse(value, out var g) && g > long.Parse(r.Values[0], System.Globalization.CultureInfo.InvariantCulture),
                Op.LessThan => has && long.TryParse(value, out var l) && l < long.Parse(r.Values[0], System.Globalization.CultureInfo.InvariantCulture),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw ApiError.BadRequest($"unable to parse requirement: found '', expected: identifier in selector \"{whole}\"");
        }

        if (part.StartsWith('!'))
        {
            return new Requirement(Key(part[1..].Trim(), whole), Op.NotExists, []);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals), (">", Op.GreaterThan), ("<", Op.LessThan) })
        {
            var index = part.IndexOf(token, StringComparison.Ordinal);
            if (index > 0)
            {
                return new Requirement(Key(part[..index].Trim(), whole), op, [part[(index + token.Length)..].Trim()]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(Key(words[0], whole), Op.Exists, []);
        }

        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? Op.NotIn : rest.StartsWith("in", StringComparison.Ordinal) ? Op.In : (Op?)null;
        var open = rest.IndexOf('(', StringComparison.Ordinal);
        var close = rest.LastIndexOf(')');
        if (setOp is null || open < 0 || close < open)
        {
            throw ApiError.BadRequest($"unable to parse requirement: \"{part}\" in selector \"{whole}\"");
        }

        var values = rest[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new Requirement(Key(words[0], whole), setOp.Value, values);
    }

    private static string Key(string key, string whole) => key.Length == 0 || key.Contains(' ', StringComparison.Ordinal)
        ? throw ApiError.BadRequest($"invalid label key \"{key}\" in selector \"{whole}\"")
        : key;

    private enum Op
    {
        Exists,
        NotExists,
        Equals,
        NotEquals,
        In,
        NotIn,
        GreaterThan,
        LessThan,
    }

    private sealed record Requirement(string Key, Op Op, string[] Values);
}

/// <summary>A parsed fieldSelector over dotted field paths (metadata.name, metadata.namespace, status.phase...).</summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The metadata.name the selector pins, if any (lets a list skip the scan).</summary>
    public string? Name => _terms.FirstOrDefault(t => t.Equal && t.Path == "metadata.name").Value;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0)
            {
                terms.Add((part[..ne], false, part[(ne + 2)..]));
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }

            var value = part[(eq + 1)..].TrimStart('=');
            terms.Add((part[..eq], true, value));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (path, equal, value) in _terms)
        {
            JsonNode? node = obj;
            foreach (var segment in path.Split('.'))
            {
                node = node is JsonObject o ? o[segment] : null;
            }

            var actual = node is JsonValue v ? v.ToString() : "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
