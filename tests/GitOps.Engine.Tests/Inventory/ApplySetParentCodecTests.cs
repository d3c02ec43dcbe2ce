using System.Text.Json.Nodes;
using GitOps.Engine.Inventory;

namespace GitOps.Engine.Tests.Inventory;

public sealed class ApplySetParentCodecTests
{
    [Fact]
    public void ToSecret_WritesKubectlLabelsAndAnnotations()
    {
        var parent = new ApplySetParent
        {
            Name = "applyset-web", Namespace = "web",
            GroupKinds = new SortedSet<string>(["Deployment.apps", "ConfigMap"], StringComparer.Ordinal),
            AdditionalNamespaces = new SortedSet<string>(["zeta", "web", "alpha"], StringComparer.Ordinal),
            LastSyncedCommit = "abc",
        };

        var secret = ApplySetParentCodec.ToSecret(parent, "web");

        var meta = (JsonObject)secret["metadata"]!;
        Assert.Equal(ApplySetId.ForSecret("applyset-web", "web"), meta["labels"]![ApplySetLabels.Id]!.GetValue<string>());
        Assert.Equal("gitops-functions/v1.0.0", meta["annotations"]![ApplySetLabels.Tooling]!.GetValue<string>());
        Assert.Equal("ConfigMap,Deployment.apps", meta["annotations"]![ApplySetLabels.ContainsGroupKinds]!.GetValue<string>());
        Assert.Equal("alpha,zeta", meta["annotations"]![ApplySetLabels.AdditionalNamespaces]!.GetValue<string>());
        Assert.Equal("abc", meta["annotations"]![ApplySetLabels.LastSyncedCommit]!.GetValue<string>());
    }

    [Fact]
    public void FromSecret_RoundTripsHashesAndKinds()
    {
        var hashes = Enumerable.Range(0, 500).ToDictionary(i => $"/ConfigMap/app/cm-{i}", i => $"{i:x16}");
        var parent = new ApplySetParent
        {
            Name = "applyset-web", Namespace = "web", Hashes = hashes,
            GroupKinds = new SortedSet<string>(["ConfigMap"], StringComparer.Ordinal),
        };

        var back = ApplySetParentCodec.FromSecret(ApplySetParentCodec.ToSecret(parent, "web"));

        Assert.Equal(hashes, back.Hashes);
        Assert.Equal(["ConfigMap"], back.GroupKinds);
        Assert.Equal(ApplySetLabels.OurTooling, back.Tooling);
    }

    [Fact]
    public void EncodeHashes_FiveThousandMembers_StaysFarBelowSecretLimit()
    {
        var hashes = Enumerable.Range(0, 5000).ToDictionary(i => $"apps/Deployment/team-{i % 40}/service-{i}", i => Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 7919)));

        var encoded = ApplySetParentCodec.EncodeHashes(hashes);

        Assert.True(encoded.Length < 256 * 1024, $"encoded size {encoded.Length}");
    }

    [Fact]
    public void FromSecret_WrongIdLabel_Throws()
    {
        var secret = ApplySetParentCodec.ToSecret(new ApplySetParent { Name = "applyset-web", Namespace = "web" }, "web");
        secret["metadata"]!["labels"]![ApplySetLabels.Id] = "applyset-other-v1";

        var ex = Assert.Throws<ApplySetException>(() => ApplySetParentCodec.FromSecret(secret));

        Assert.Contains("web/applyset-web", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeHashes_Garbage_IsEmpty()
    {
        Assert.Empty(ApplySetParentCodec.DecodeHashes("not-base64!"));
    }
}
