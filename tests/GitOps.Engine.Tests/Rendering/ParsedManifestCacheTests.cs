using System.Text;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering;
using GitOps.Engine.Rendering.Plain;
using GitOps.Testing.Git;
using static GitOps.Engine.Tests.Rendering.RenderTestContext;

namespace GitOps.Engine.Tests.Rendering;

public sealed class ParsedManifestCacheTests
{
    private static readonly byte[] ConfigMap = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");

    [Fact]
    public void GetOrParse_SameFileAndContentTwice_ParsesOnceAndHandsOutIndependentCopies()
    {
        var cache = new ParsedManifestCache();
        var calls = 0;

        var first = cache.GetOrParse("cm.yaml", ConfigMap, b => { calls++; return YamlReader.Read(b, "cm.yaml"); });
        first[0].Content!["metadata"]!["name"] = "mutated";
        var second = cache.GetOrParse("cm.yaml", ConfigMap, b => { calls++; return YamlReader.Read(b, "cm.yaml"); });

        Assert.Equal(1, calls);
        Assert.Equal(1, cache.Parses);
        Assert.Equal("a", second[0].Content!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("cm.yaml", second[0].File);
    }

    [Fact]
    public void GetOrParse_ChangedContentOrOtherPath_ParsesAgain()
    {
        var cache = new ParsedManifestCache();
        var changed = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");

        cache.GetOrParse("cm.yaml", ConfigMap, b => YamlReader.Read(b, "cm.yaml"));
        var other = cache.GetOrParse("cm.yaml", changed, b => YamlReader.Read(b, "cm.yaml"));
        var moved = cache.GetOrParse("moved.yaml", ConfigMap, b => YamlReader.Read(b, "moved.yaml"));

        Assert.Equal(3, cache.Parses);
        Assert.Equal("b", other[0].Content!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("moved.yaml", moved[0].File);
    }

    [Fact]
    public void GetOrParse_ParseError_IsNotCached()
    {
        var cache = new ParsedManifestCache();
        var broken = Encoding.UTF8.GetBytes("a: [unclosed\n");

        Assert.Throws<YamlParseException>(() => cache.GetOrParse("bad.yaml", broken, b => YamlReader.Read(b, "bad.yaml")));
        Assert.Throws<YamlParseException>(() => cache.GetOrParse("bad.yaml", broken, b => YamlReader.Read(b, "bad.yaml")));

        Assert.Equal(0, cache.Parses);
    }

    [Fact]
    public void GetOrParse_MoreFilesThanTwoGenerations_DropsTheOldestAndStaysCorrect()
    {
        var cache = new ParsedManifestCache(maxEntries: 2);
        for (var i = 0; i < 5; i++)
        {
            cache.GetOrParse($"f{i}.yaml", ConfigMap, b => YamlReader.Read(b, "x"));
        }

        var again = cache.GetOrParse("f0.yaml", ConfigMap, b => YamlReader.Read(b, "f0.yaml"));
        cache.GetOrParse("f4.yaml", ConfigMap, b => YamlReader.Read(b, "x"));

        Assert.Equal(6, cache.Parses);
        Assert.Equal("f0.yaml", again[0].File);
    }

    [Fact]
    public async Task RenderAsync_SecondRenderWithOneFileChanged_ParsesOnlyThatFile()
    {
        using var repo = new TempFolder();
        for (var i = 0; i < 5; i++)
        {
            repo.Write($"app/cm-{i}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm-{i}}}\ndata: {{k: v}}\n");
        }

        var renderer = new AppRenderer(Options);
        var app = App("app", render: new() { Type = GitOps.Engine.Apps.RenderType.Plain });
        var first = await renderer.RenderAsync(app, repo.Path);
        first.Objects[0]["data"]!["k"] = "mutated by a consumer";
        repo.Write("app/cm-3.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-3}\ndata: {k: changed}\n");

        var second = await renderer.RenderAsync(app, repo.Path);

        Assert.Equal(6, renderer.PlainFilesParsed);
        Assert.Equal("v", second.Objects[0]["data"]!["k"]!.GetValue<string>());
        Assert.Equal("changed", second.Objects[3]["data"]!["k"]!.GetValue<string>());
        Assert.Equal(5, second.Objects.Count);
    }
}
