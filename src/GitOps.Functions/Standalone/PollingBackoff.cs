namespace GitOps.Functions.Standalone;

/// <summary>The host's randomized exponential polling backoff (PLATFORM.md §B): min after a hit, growing to max while idle.</summary>
public sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum, Random random)
{
    private int exponent;
    private TimeSpan current = TimeSpan.Zero;

    /// <summary>The next wait: the minimum after a poll that found messages, otherwise min + rand(0.8..1.2) × 2^(exp-1) × min, capped at max.</summary>
    public TimeSpan Next(bool foundMessages)
    {
        if (foundMessages)
        {
            exponent = 0;
            current = minimum;
            return current;
        }

        if (current == maximum)
        {
            return current;
        }

        var interval = minimum;
        if (exponent > 0)
        {
            var factor = 0.8 + (random.NextDouble() * 0.4);
            interval += TimeSpan.FromMilliseconds(factor * Math.Pow(2, exponent - 1) * minimum.TotalMilliseconds);
        }

        if (interval < maximum)
        {
            current = interval;
            exponent++;
        }
        else
        {
            current = maximum;
        }

        return current;
    }
}
