using System.Text;
using System.Text.Json.Nodes;
using GitOps.Engine.Manifests;

namespace GitOps.Engine.Tests.Manifests;

public sealed class YamlReaderTests
{
    private static JsonObject One(string yaml) => (JsonObject)YamlReader.Read(yaml, "t.yaml").Single().Content!;

    [Fact]
    public void Read_QuotedScalars_StayStrings()
    {
        var obj = One("a: \"on\"\nb: 'yes'\nc: \"0755\"\nd: '1e3'\ne: \"true\"\nf: |\n  no\n");

        Assert.Equal("on", obj["a"]!.GetValue<string>());
        Assert.Equal("yes", obj["b"]!.GetValue<string>());
        Assert.Equal("0755", obj["c"]!.GetValue<string>());
        Assert.Equal("1e3", obj["d"]!.GetValue<string>());
        Assert.Equal("true", obj["e"]!.GetValue<string>());
        Assert.Equal("no\n", obj["f"]!.GetValue<string>());
    }

    [Fact]
    public void Read_PlainScalars_ResolveLikeKubectl()
    {
        var obj = One("a: yes\nb: off\nc: 0755\nd: 1e3\ne: 0x1F\nf: ~\ng: 2001-12-14\nh: 42\ni: -7\nj: 1.5\nk: hello\nl: 12345678901234567890\n");

        Assert.True(obj["a"]!.GetValue<bool>());
        Assert.False(obj["b"]!.GetValue<bool>());
        Assert.Equal(493L, obj["c"]!.GetValue<long>());
        Assert.Equal(1000d, obj["d"]!.GetValue<double>());
        Assert.Equal(31L, obj["e"]!.GetValue<long>());
        Assert.Null(obj["f"]);
        Assert.True(obj.ContainsKey("f"));
        Assert.Equal("2001-12-14", obj["g"]!.GetValue<string>());
        Assert.Equal(42L, obj["h"]!.GetValue<long>());
        Assert.Equal(-7L, obj["i"]!.GetValue<long>());
        Assert.Equal(1.5d, obj["j"]!.GetValue<double>());
        Assert.Equal("hello", obj["k"]!.GetValue<string>());
        Assert.Equal(12345678901234567890UL, obj["l"]!.GetValue<ulong>());
        Assert.Equal("{\"a\":true,\"b\":false,\"c\":493,\"d\":1000", obj.ToJsonString()[..36]);
    }

    [Fact]
    public void Read_NonStringKeys_BecomeTheirText()
    {
        var obj = One("on: push\n1: one\n");

        // go-yaml v2 (kubectl) reads the plain key on (and y, yes) as the boolean true.
        Assert.Equal("push", obj["true"]!.GetValue<string>());
        Assert.Equal("why", One("y: why\n")["true"]!.GetValue<string>());
        Assert.Equal("one", obj["1"]!.GetValue<string>());
    }

    [Fact]
    public void Read_TaggedString_KeepsText()
    {
        var obj = One("a: !!str 0755\nb: !!int \"12\"\n");

        Assert.Equal("0755", obj["a"]!.GetValue<string>());
        Assert.Equal(12L, obj["b"]!.GetValue<long>());
    }

    [Fact]
    public void Read_Infinity_IsRejectedWithLine()
    {
        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read("a: 1\nb: .inf\n", "x.yaml"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("not representable in JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MultipleDocuments_KeepsEmptyOnesAsNullWithIndexAndLine()
    {
        var docs = YamlReader.Read("# only a comment\n---\na: 1\n---\n---\nb: 2\n", "m.yaml");

        Assert.Equal(new[] { "{\"a\":1}", "-", "{\"b\":2}" }, docs.Select(d => d.Content?.ToJsonString() ?? "-").ToArray());
        Assert.Equal(3, docs[2].Index);
        Assert.Equal(6, docs[2].Line);
    }

    [Fact]
    public void Read_AnchorsAndMergeKeys_Expand()
    {
        var obj = One("base: &b {p: 1, q: 2}\nuse: *b\nmerged:\n  <<: *b\n  q: 3\n");

        Assert.Equal("{\"p\":1,\"q\":2}", obj["use"]!.ToJsonString());
        Assert.Equal("{\"p\":1,\"q\":3}", obj["merged"]!.ToJsonString());
    }

    [Fact]
    public void Read_AliasBomb_FailsWithSpecificMessage()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append($"{level}: &{level} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n");
        }

        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read(yaml.ToString(), "bomb.yaml"));

        Assert.Contains("alias bomb", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("bomb.yaml (document 1, line ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DeepNesting_FailsWithDepth()
    {
        var yaml = new string('[', 5000) + new string(']', 5000);

        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read(yaml, "deep.yaml"));

        Assert.Contains("nesting is deeper than 64 levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateKeys_NameKeyAndLine()
    {
        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read("---\nmetadata:\n  name: a\n  name: b\n", "dup.yaml"));

        Assert.Equal("dup.yaml (document 1, line 4): duplicate key 'name'", ex.Message);
    }

    [Fact]
    public void Read_InvalidUtf8_NamesLine()
    {
        var bytes = Encoding.UTF8.GetBytes("a: 1\nb: x").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();

        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read(bytes, "bad.yaml"));

        Assert.Equal("bad.yaml:2: invalid UTF-8 at byte offset 9", ex.Message);
    }

    [Fact]
    public void Read_TenMegabyteString_FailsOnDocumentSize()
    {
        var yaml = "a: " + new string('x', 10 * 1024 * 1024) + "\n";

        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read(yaml, "big.yaml"));

        Assert.Contains("more than the document limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SyntaxError_NamesLine()
    {
        var ex = Assert.Throws<YamlParseException>(() => YamlReader.Read("a: 1\nb: [1, 2\nc: 3\n", "syntax.yaml"));

        Assert.StartsWith("syntax.yaml (document 1, line ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", ex.Message, StringComparison.Ordinal);
    }
}
