using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Engine.Manifests;

/// <summary>Reads multi-document YAML into JSON nodes as Kubernetes does, within <see cref="YamlLimits"/>.</summary>
/// <remarks>
/// Works on the parser's event stream (no object model), so limits are checked before anything
/// large is built: depth and node counts per document, and alias expansion is charged by the size
/// of the anchored node before it is copied. Duplicate keys are errors (kubectl rejects them too).
/// </remarks>
public static class YamlReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 (rejecting invalid bytes with the line they are on) and reads every document.</summary>
    public static IReadOnlyList<YamlDocument> Read(ReadOnlySpan<byte> utf8, string file, YamlLimits? limits = null, bool trackLines = false)
    {
        limits ??= YamlLimits.Default;
        if (utf8.Length > limits.MaxInputBytes)
        {
            throw new YamlParseException(file, 0, 0, $"input is {utf8.Length} bytes, more than the limit of {limits.MaxInputBytes}");
        }

        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = FindInvalidUtf8(utf8);
            var line = offset < 0 ? 0 : utf8[..offset].Count((byte)'\n') + 1;
            throw new YamlParseException(file, 0, line, $"invalid UTF-8 at byte offset {offset}", ex);
        }

        return Read(text, file, limits, trackLines);
    }

    /// <summary>Reads every document of <paramref name="text"/>.</summary>
    public static IReadOnlyList<YamlDocument> Read(string text, string file, YamlLimits? limits = null, bool trackLines = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= YamlLimits.Default;
        if ((long)text.Length > limits.MaxInputBytes)
        {
            throw new YamlParseException(file, 0, 0, $"input is {text.Length} characters, more than the limit of {limits.MaxInputBytes}");
        }

        var documents = new List<YamlDocument>();
        var parser = new Parser(new StringReader(text));
        var state = new State(file, limits, trackLines);
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                state.StartDocument(documents.Count + 1);
                if (documents.Count >= limits.MaxDocuments)
                {
                    throw state.Error(parser.Current?.Start.Line ?? 0, $"more than {limits.MaxDocuments} documents");
                }

                var start = parser.Consume<DocumentStart>();
                var contentLine = parser.Current?.Start.Line ?? start.Start.Line;
                var content = ReadNode(parser, state, 1);
                var end = parser.Consume<DocumentEnd>();
                if (end.End.Index - start.Start.Index > limits.MaxDocumentBytes)
                {
                    throw state.Error(start.Start.Line, $"document is {end.End.Index - start.Start.Index} characters, more than the limit of {limits.MaxDocumentBytes}");
                }

                documents.Add(new YamlDocument(content, file, documents.Count + 1, contentLine) { Lines = state.Lines });
            }
        }
        catch (YamlException ex) when (ex is not null)
        {
            throw new YamlParseException(file, state.Document, ex.Start.Line, $"invalid YAML: {StripLocation(ex.Message)}", ex);
        }

        return documents;
    }

    private static JsonNode? ReadNode(IParser parser, State state, int depth)
    {
        var current = parser.Current ?? throw new YamlParseException(state.File, state.Document, 0, "unexpected end of input");
        if (depth > state.Limits.MaxDepth)
        {
            throw state.Error(current.Start.Line, $"nesting is deeper than {state.Limits.MaxDepth} levels");
        }

        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                return state.Expand(alias);
            case Scalar scalar:
                parser.MoveNext();
                state.Count(scalar.Start.Line, 1);
                var value = ResolveScalar(scalar, state);
                state.Remember(scalar.Anchor, value, 1, scalar.Start.Line);
                state.Track(value, scalar.Start.Line);
                return value;
            case SequenceStart sequenceStart:
            {
                parser.MoveNext();
                var before = state.Nodes;
                state.Count(sequenceStart.Start.Line, 1);
                var array = new JsonArray();
                state.Track(array, sequenceStart.Start.Line);
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    array.Add(ReadNode(parser, state, depth + 1));
                }

                state.Remember(sequenceStart.Anchor, array, state.Nodes - before, sequenceStart.Start.Line);
                return array;
            }

            case MappingStart mappingStart:
            {
                parser.MoveNext();
                var before = state.Nodes;
                state.Count(mappingStart.Start.Line, 1);
                var obj = new JsonObject();
                state.Track(obj, mappingStart.Start.Line);
                HashSet<string>? merged = null;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyEvent = parser.Current!;
                    if (keyEvent is not Scalar keyScalar)
                    {
                        throw state.Error(keyEvent.Start.Line, "mapping keys must be scalars");
                    }

                    parser.MoveNext();
                    if (keyScalar.Style == ScalarStyle.Plain && keyScalar.Value == "<<" && keyScalar.Tag.IsEmpty)
                    {
                        var source = ReadNode(parser, state, depth + 1);
                        merged ??= new(StringComparer.Ordinal);
                        Merge(obj, source, merged, state, keyScalar.Start.Line);
                        continue;
                    }

                    var key = KubernetesYamlScalars.KeyText(ResolveScalar(keyScalar, state), keyScalar.Value);
                    if (obj.ContainsKey(key))
                    {
                        if (merged is not null && merged.Remove(key))
                        {
                            obj.Remove(key);
                        }
                        else
                        {
                            throw state.Error(keyScalar.Start.Line, $"duplicate key '{key}'");
                        }
                    }

                    obj[key] = ReadNode(parser, state, depth + 1);
                }

                state.Remember(mappingStart.Anchor, obj, state.Nodes - before, mappingStart.Start.Line);
                return obj;
            }

            default:
                throw state.Error(current.Start.Line, $"unexpected {current.GetType().Name}");
        }
    }

    // YAML merge keys (<<), as go-yaml v2 supports them: explicit keys win over merged ones.
    private static void Merge(JsonObject target, JsonNode? source, HashSet<string> merged, State state, long line)
    {
        var sources = source switch
        {
            JsonObject one => [one],
            JsonArray many when many.All(n => n is JsonObject) => many.Cast<JsonObject>().ToList(),
            _ => throw state.Error(line, "a merge key (<<) needs a mapping or a sequence of mappings"),
        };
        foreach (var map in sources)
        {
            foreach (var (key, value) in map)
            {
                if (!target.ContainsKey(key))
                {
                    target[key] = value?.DeepClone();
                    merged.Add(key);
                }
            }
        }
    }

    private static JsonNode? ResolveScalar(Scalar scalar, State state)
    {
        var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        try
        {
            if (tag is "tag:yaml.org,2002:str" or "tag:yaml.org,2002:binary" or "!")
            {
                return JsonValue.Create(scalar.Value);
            }

            if (tag is "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:null")
            {
                var typed = KubernetesYamlScalars.ResolvePlain(scalar.Value);
                var ok = tag switch
                {
                    "tag:yaml.org,2002:null" => typed is null,
                    "tag:yaml.org,2002:bool" => typed is JsonValue b && b.TryGetValue<bool>(out _),
                    _ => typed is JsonValue n && !n.TryGetValue<string>(out _) && !n.TryGetValue<bool>(out _),
                };
                return ok ? typed : throw state.Error(scalar.Start.Line, $"'{Shorten(scalar.Value)}' is not a valid {tag[(tag.LastIndexOf(':') + 1)..]}");
            }

            return scalar.Style == ScalarStyle.Plain
                ? KubernetesYamlScalars.ResolvePlain(scalar.Value)
                : JsonValue.Create(scalar.Value);
        }
        catch (FormatException ex)
        {
            throw state.Error(scalar.Start.Line, ex.Message);
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static string StripLocation(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: …): "; we report the line ourselves.
        var dash = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && dash > 0 ? message[(dash + 3)..] : message;
    }

    private static int FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[index..], new char[Math.Min(4096, (bytes.Length - index) * 2) + 2], out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                return index + read;
            }

            if (read == 0)
            {
                return -1;
            }

            index += read;
        }

        return -1;
    }

    private sealed class State(string file, YamlLimits limits, bool trackLines)
    {
        private readonly Dictionary<string, (JsonNode? Node, long Size)> anchors = new(StringComparer.Ordinal);
        private long aliasNodes;
        private Dictionary<JsonNode, long>? lines;

        public string File { get; } = file;

        public YamlLimits Limits { get; } = limits;

        public int Document { get; private set; }

        public long Nodes { get; private set; }

        public IReadOnlyDictionary<JsonNode, long>? Lines => lines;

        public void StartDocument(int index)
        {
            Document = index;
            Nodes = 0;
            aliasNodes = 0;
            anchors.Clear();
            lines = trackLines ? new Dictionary<JsonNode, long>(ReferenceEqualityComparer.Instance) : null;
        }

        public void Count(long line, long nodes)
        {
            Nodes += nodes;
            if (Nodes > Limits.MaxNodesPerDocument)
            {
                throw Error(line, $"document has more than {Limits.MaxNodesPerDocument} nodes");
            }
        }

        public void Track(JsonNode? node, long line)
        {
            if (node is not null && lines is not null)
            {
                lines[node] = line;
            }
        }

        public void Remember(AnchorName anchor, JsonNode? node, long size, long line)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = (node, size);
            }

            _ = line;
        }

        public JsonNode? Expand(AnchorAlias alias)
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw Error(alias.Start.Line, $"unknown alias '*{alias.Value.Value}'");
            }

            aliasNodes += anchored.Size;
            if (aliasNodes > Limits.MaxAliasExpansionNodes)
            {
                throw Error(alias.Start.Line, $"aliases expand to more than {Limits.MaxAliasExpansionNodes} nodes (alias bomb?)");
            }

            Count(alias.Start.Line, anchored.Size);
            return anchored.Node?.DeepClone();
        }

        public YamlParseException Error(long line, string problem) => new(File, Document, line, problem);
    }
}
