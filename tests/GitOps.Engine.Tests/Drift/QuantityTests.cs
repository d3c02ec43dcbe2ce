using GitOps.Engine.Drift.Comparison;

namespace GitOps.Engine.Tests.Drift;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("1000m", "1")]
    [InlineData("1Ki", "1024")]
    [InlineData("1.5Gi", "1610612736")]
    [InlineData("100n", "0.0000001")]
    [InlineData("2E", "2000000000000000000")]
    [InlineData("1e-3", "0.001")]
    [InlineData("-5m", "-0.005")]
    public void TryParse_ValidQuantity_GivesExactValue(string text, string expected)
    {
        Assert.True(Quantity.TryParse(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1Qi")]
    [InlineData("1.0.0")]
    [InlineData("m")]
    [InlineData("1e99")]
    public void TryParse_NotAQuantity_ReturnsFalse(string text)
    {
        Assert.False(Quantity.TryParse(text, out _));
    }
}
