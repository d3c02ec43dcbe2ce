using GitOps.Engine.Rendering;
using GitOps.Testing.Git;
using static GitOps.Engine.Tests.Rendering.RenderTestContext;

namespace GitOps.Engine.Tests.Rendering;

public sealed class PlainRendererTests
{
    [Fact]
    public async Task RenderAsync_PlainFolder_ReadsYamlAndJsonSortedAndSkipsOthers()
    {
        using var repo = new TempFolder();
        repo.Write("app/b.yaml", "# comment only\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
        repo.Write("app/a/z.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"z\"}}");
        repo.Write("app/a/y.yml", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: why}}\n");
        repo.Write("app/Chart.yaml", "apiVersion: v2\nname: not-used\n");
        repo.Write("app/README.md", "not a manifest");

        var result = await RenderAsync(repo.Path, App("app", render: new() { Type = GitOps.Engine.Apps.RenderType.Plain }));

        Assert.Equal("plain", result.Renderer);
        Assert.Equal(["why", "z", "b"], result.Objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RenderAsync_SymlinkToEtcPasswd_FailsNamingTheLink()
    {
        using var repo = new TempFolder();
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "app", "passwd.yaml"), "/etc/passwd");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Equal("app: 'passwd.yaml' is a symlink to a location outside the app folder; symlinks must stay inside it", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_SymlinkedAppFolderOutsideCheckout_Fails()
    {
        using var repo = new TempFolder();
        using var outside = new TempFolder();
        outside.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "app"), outside.Path);

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Contains("resolves (through a symlink) to a location outside the allowed folder", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../other", "must not contain '..'")]
    [InlineData("/etc", "must be relative to the repository, not absolute")]
    public async Task RenderAsync_UnsafeAppPath_Fails(string path, string expected)
    {
        using var repo = new TempFolder();

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App(path)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_FileOverSizeLimit_FailsBeforeReading()
    {
        using var repo = new TempFolder();
        repo.Write("app/big.yaml", "a: " + new string('x', 10 * 1024 * 1024) + "\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Contains("big.yaml: the file is 10485764 bytes; files are limited to 8388608 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_InvalidDocument_NamesAppRelativeFileAndLine()
    {
        using var repo = new TempFolder();
        repo.Write("app/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        repo.Write("app/sub/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));

        Assert.Equal("app/sub/bad.yaml (document 1, line 5): duplicate key 'name'", ex.Message);
    }

    [Fact]
    public async Task RenderAsync_EmptyRender_FailsUnlessAllowed()
    {
        using var repo = new TempFolder();
        repo.Write("app/empty.yaml", "# nothing yet\n");

        var ex = await Assert.ThrowsAsync<RenderException>(() => RenderAsync(repo.Path, App("app")));
        var allowed = await RenderAsync(repo.Path, App("app") with { AllowEmpty = true });

        Assert.Contains("rendered no objects; set spec.allowEmpty: true", ex.Message, StringComparison.Ordinal);
        Assert.Empty(allowed.Objects);
    }
}
