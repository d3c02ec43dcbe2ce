using GitOps.KubeSim.Objects;

namespace GitOps.KubeSim.Tests.Objects;

/// <summary>Quantities come back in Kubernetes' canonical form.</summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("0.5", "500m")]
    [InlineData("1", "1")]
    [InlineData("1000m", "1")]
    [InlineData("1.5", "1500m")]
    [InlineData("100m", "100m")]
    [InlineData("2000", "2k")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("64Mi", "64Mi")]
    [InlineData("0.5Ki", "512")]
    [InlineData("128974848", "128974848")]
    [InlineData("129e6", "129e6")]
    [InlineData("1e3", "1e3")]
    [InlineData("0.1", "100m")]
    [InlineData("1G", "1G")]
    [InlineData("1000M", "1G")]
    public void Canonicalize_ReturnsKubernetesForm(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Canonicalize(input));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1Qi")]
    public void Canonicalize_NotAQuantity_ReturnsNull(string input)
    {
        Assert.Null(Quantity.Canonicalize(input));
    }
}
