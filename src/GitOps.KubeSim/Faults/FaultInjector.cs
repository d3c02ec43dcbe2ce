using GitOps.KubeSim.Api;

namespace GitOps.KubeSim.Faults;

/// <summary>Per-server fault injection: rules matched in order, each with its own firing counter.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Fired)> _rules = [];
    private readonly Random _random;

    internal FaultInjector(int seed) => _random = new Random(seed);

    /// <summary>Adds a rule; returns it so a test can ask how often it fired.</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Probability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Probability, "FaultRule.Probability must be between 0 and 1.");
        }

        lock (_gate)
        {
            _rules.Add((rule, 0));
        }

        return rule;
    }

    /// <summary>How many requests a rule has affected.</summary>
    public int Fired(FaultRule rule)
    {
        lock (_gate)
        {
            return _rules.Where(r => ReferenceEquals(r.Rule, rule)).Sum(r => r.Fired);
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The faults that apply to one request (a latency rule may combine with one failing rule).</summary>
    internal IReadOnlyList<FaultRule> Match(string verb, string? resource)
    {
        lock (_gate)
        {
            var hits = new List<FaultRule>();
            var failing = false;
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, fired) = _rules[i];
                if ((rule.Verb is not null && rule.Verb != verb) || (rule.Resource is not null && rule.Resource != resource))
                {
                    continue;
                }

                if (rule.MaxCount is { } max && fired >= max)
                {
                    continue;
                }

                if (rule.Kind != FaultKind.Latency && failing)
                {
                    continue;
                }

                if (rule.Probability < 1 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                _rules[i] = (rule, fired + 1);
                hits.Add(rule);
                failing |= rule.Kind != FaultKind.Latency;
            }

            return hits;
        }
    }

    internal static ApiError? ErrorFor(FaultRule rule) => rule.Kind switch
    {
        FaultKind.TooManyRequests => ApiError.TooManyRequests(rule.RetryAfterSeconds),
        FaultKind.InternalError => ApiError.InternalError("injected fault"),
        FaultKind.ServiceUnavailable => ApiError.ServiceUnavailable(rule.RetryAfterSeconds),
        FaultKind.Timeout => ApiError.Timeout(),
        FaultKind.Expired => ApiError.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."),
        _ => null,
    };
}
