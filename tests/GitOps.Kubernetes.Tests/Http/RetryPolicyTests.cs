using System.Net.Http.Headers;
using GitOps.Kubernetes.Http;

namespace GitOps.Kubernetes.Tests.Http;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(429, false, true)]
    [InlineData(429, true, true)]
    [InlineData(500, true, true)]
    [InlineData(503, true, true)]
    [InlineData(504, true, true)]
    [InlineData(500, false, false)]
    [InlineData(503, false, false)]
    [InlineData(404, true, false)]
    [InlineData(409, true, false)]
    [InlineData(502, true, false)]
    public void IsRetryableStatus_MatchesPolicy(int code, bool idempotent, bool expected) =>
        Assert.Equal(expected, RetryPolicy.IsRetryableStatus(code, idempotent));

    [Fact]
    public void Delay_ServerHint_IsHonouredUpToTheCap()
    {
        var policy = RetryPolicy.Default(3);

        Assert.Equal(TimeSpan.FromSeconds(2), policy.Delay(0, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.Delay(0, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Delay_NoHint_GrowsExponentiallyWithinJitterAndCap()
    {
        var policy = RetryPolicy.Default(3);

        Assert.InRange(policy.Delay(0, null).TotalMilliseconds, 80, 120);
        Assert.InRange(policy.Delay(2, null).TotalMilliseconds, 320, 480);
        Assert.InRange(policy.Delay(12, null).TotalMilliseconds, 4000, 6000);
    }

    [Fact]
    public void RetryAfter_SecondsOrDate_BecomesADelay()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.RetryAfter(RetryConditionHeaderValue.Parse("3"), now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(30)), now));
        Assert.Null(RetryPolicy.RetryAfter(null, now));
    }
}
