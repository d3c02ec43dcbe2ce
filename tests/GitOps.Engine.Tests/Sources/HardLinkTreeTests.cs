using GitOps.Engine.Sources;
using GitOps.Testing.Git;

namespace GitOps.Engine.Tests.Sources;

public sealed class HardLinkTreeTests
{
    [Fact]
    public void Copy_NestedFilesAndSymlinks_MirrorsTheTreeWithoutFollowingLinks()
    {
        using var root = new TempFolder();
        root.Write("from/a.yaml", "a: 1\n");
        root.Write("from/sub/deeper/b.yaml", "b: 1\n");
        File.CreateSymbolicLink(Path.Combine(root.Path, "from", "link"), "a.yaml");
        File.CreateSymbolicLink(Path.Combine(root.Path, "from", "dangling"), "../../nowhere");
        var to = Path.Combine(root.Path, "to");

        HardLinkTree.Copy(Path.Combine(root.Path, "from"), to);

        Assert.Equal("a: 1\n", File.ReadAllText(Path.Combine(to, "a.yaml")));
        Assert.Equal("b: 1\n", File.ReadAllText(Path.Combine(to, "sub", "deeper", "b.yaml")));
        Assert.Equal("a.yaml", new FileInfo(Path.Combine(to, "link")).LinkTarget);
        Assert.Equal("../../nowhere", new FileInfo(Path.Combine(to, "dangling")).LinkTarget);
    }

    [Fact]
    public void Copy_TargetExists_ThrowsIOException()
    {
        using var root = new TempFolder();
        root.Write("from/a.yaml", "a: 1\n");
        root.Write("to/x", "keep");

        Assert.Throws<IOException>(() => HardLinkTree.Copy(Path.Combine(root.Path, "from"), Path.Combine(root.Path, "to")));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(root.Path, "to", "x")));
    }
}
