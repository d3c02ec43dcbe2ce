using GitOps.Functions.Standalone;

namespace GitOps.Functions.Tests.Standalone;

/// <summary>The host's randomized exponential polling backoff.</summary>
public sealed class PollingBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    [Fact]
    public void Next_IdlePolls_GrowExponentiallyWithinJitterBounds()
    {
        var backoff = new PollingBackoff(Min, Max, new Random(42));

        Assert.Equal(Min, backoff.Next(foundMessages: false));
        for (var exponent = 1; exponent <= 6; exponent++)
        {
            var interval = backoff.Next(foundMessages: false).TotalMilliseconds;
            var doubling = Math.Pow(2, exponent - 1) * 100;
            Assert.InRange(interval, 100 + (0.8 * doubling), 100 + (1.2 * doubling));
        }
    }

    [Fact]
    public void Next_LongIdle_CapsAtMaximum()
    {
        var backoff = new PollingBackoff(Min, Max, new Random(1));

        var last = TimeSpan.Zero;
        for (var i = 0; i < 40; i++)
        {
            last = backoff.Next(foundMessages: false);
        }

        Assert.Equal(Max, last);
    }

    [Fact]
    public void Next_AfterMessagesFound_ResetsToMinimum()
    {
        var backoff = new PollingBackoff(Min, Max, new Random(7));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next(foundMessages: false);
        }

        Assert.Equal(Min, backoff.Next(foundMessages: true));
        Assert.Equal(Min, backoff.Next(foundMessages: false));
    }
}
