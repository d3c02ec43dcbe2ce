using GitOps.Engine.Inventory;

namespace GitOps.Engine.Tests.Inventory;

public sealed class ApplySetIdTests
{
    [Fact]
    public void ForSecret_KubectlTestVector_MatchesVerifiedId()
    {
        Assert.Equal("applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1", ApplySetId.ForSecret("my-set", "test"));
    }

    [Fact]
    public void For_DifferentNamespace_GivesDifferentId()
    {
        Assert.NotEqual(ApplySetId.ForSecret("my-set", "a"), ApplySetId.ForSecret("my-set", "b"));
    }

    [Theory]
    [InlineData("", "ConfigMap", "ConfigMap")]
    [InlineData("apps", "Deployment", "Deployment.apps")]
    [InlineData("networking.k8s.io", "Ingress", "Ingress.networking.k8s.io")]
    public void GroupKindName_FormatAndParse_RoundTrip(string group, string kind, string expected)
    {
        Assert.Equal(expected, GroupKindName.Format(group, kind));
        Assert.Equal((group, kind), GroupKindName.Parse(expected));
    }
}
