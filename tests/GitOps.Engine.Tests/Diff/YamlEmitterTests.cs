using System.Text.Json.Nodes;
using GitOps.Engine.Diff;
using GitOps.Engine.Tests.Health;

namespace GitOps.Engine.Tests.Diff;

public sealed class YamlEmitterTests
{
    public static TheoryData<string> AnchorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var set in new[] { "argo-diff", "argo-health" })
        {
            foreach (var file in Directory.GetFiles(Anchors.Folder(set)).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order())
            {
                data.Add(Path.Combine(set, Path.GetFileName(file)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AnchorFiles))]
    public void Emit_AnchorObject_ReadsBackToTheSameObject(string file)
    {
        var original = Anchors.Load(Path.Combine(Anchors.Folder(Path.GetDirectoryName(file)!), Path.GetFileName(file)));

        var yaml = YamlEmitter.Emit(original);
        var reread = Anchors.ParseYaml(yaml);

        Assert.Equal(yaml, YamlEmitter.Emit(reread));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1.5")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData(" padded")]
    [InlineData("- item")]
    [InlineData("key: value")]
    [InlineData("a #comment")]
    [InlineData("*alias")]
    [InlineData("0x1F")]
    [InlineData("1_000")]
    [InlineData("tab\there")]
    [InlineData("line1\nline2")]
    [InlineData("line1\nline2\n")]
    [InlineData("{json}")]
    public void Emit_StringYamlWouldMisread_ReadsBackAsTheSameString(string text)
    {
        var yaml = YamlEmitter.Emit(new JsonObject { ["v"] = text });

        var reread = Anchors.ParseYaml(yaml)["v"];

        Assert.NotNull(reread);
        Assert.Equal(System.Text.Json.JsonValueKind.String, reread.GetValueKind());
        Assert.Equal(text, reread.GetValue<string>());
    }

    [Fact]
    public void Emit_KeysInAnyOrder_GivesSameTextSortedByKey()
    {
        var a = JsonNode.Parse("""{"b":1,"a":{"z":[1,{"q":2,"p":1}],"x":"s"}}""");
        var b = JsonNode.Parse("""{"a":{"x":"s","z":[1,{"p":1,"q":2}]},"b":1}""");

        Assert.Equal(YamlEmitter.Emit(a), YamlEmitter.Emit(b));
        Assert.Equal("a:\n  x: s\n  z:\n  - 1\n  - p: 1\n    q: 2\nb: 1\n", YamlEmitter.Emit(a));
    }

    [Fact]
    public void Emit_EmptyCollectionsAndNull_AreInline()
    {
        Assert.Equal("a: {}\nb: []\nc: null\n", YamlEmitter.Emit(JsonNode.Parse("""{"a":{},"b":[],"c":null}""")));
    }
}
