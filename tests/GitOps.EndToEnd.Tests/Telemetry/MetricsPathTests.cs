using GitOps.Cli.Serve;

namespace GitOps.EndToEnd.Tests.Telemetry;

/// <summary>GitOps:Serve:MetricsPath: a path outside the functions' routes, or empty for no endpoint.</summary>
public sealed class MetricsPathTests
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/internal/prometheus")]
    [InlineData("")]
    public void Validate_PathOutsideApiOrEmpty_Succeeds(string path) =>
        Assert.True(new ServeOptionsValidator().Validate(null, new ServeOptions { MetricsPath = path }).Succeeded);

    [Theory]
    [InlineData("metrics")]
    [InlineData("/api/metrics")]
    public void Validate_RelativeOrUnderApi_FailsNamingTheSetting(string path)
    {
        var result = new ServeOptionsValidator().Validate(null, new ServeOptions { MetricsPath = path });

        Assert.True(result.Failed);
        Assert.Contains("GitOps__Serve__MetricsPath is malformed", result.FailureMessage, StringComparison.Ordinal);
    }
}
