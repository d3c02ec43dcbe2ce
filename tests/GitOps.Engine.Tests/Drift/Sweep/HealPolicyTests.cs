using GitOps.Engine.Drift.Sweep;

namespace GitOps.Engine.Tests.Drift.Sweep;

public sealed class HealPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly DriftSweepOptions Options = new() { ConflictWindow = TimeSpan.FromMinutes(15), ConflictThreshold = 2, ConflictBackoff = TimeSpan.FromMinutes(30) };

    [Fact]
    public void Decide_FirstDrift_HealsAndRemembers()
    {
        var d = HealPolicy.Decide(new Dictionary<string, HealRecord>(), ["a"], T0, Options);

        Assert.Equal(["a"], d.Heal);
        Assert.Empty(d.Conflicts);
        Assert.Equal(new HealRecord(1, T0), d.Records["a"]);
    }

    [Fact]
    public void Decide_DriftAgainWithinWindow_CountsUpThenConflicts()
    {
        var second = HealPolicy.Decide(new Dictionary<string, HealRecord> { ["a"] = new(1, T0) }, ["a"], T0.AddMinutes(5), Options);
        Assert.Equal(2, second.Records["a"].Count);
        Assert.Equal(["a"], second.Heal);

        var third = HealPolicy.Decide(second.Records, ["a"], T0.AddMinutes(10), Options);

        Assert.Empty(third.Heal);
        Assert.Equal(T0.AddMinutes(5) + TimeSpan.FromMinutes(30), third.Conflicts["a"]);
    }

    [Fact]
    public void Decide_DriftLongAfterHeal_IsAFreshEdit()
    {
        var d = HealPolicy.Decide(new Dictionary<string, HealRecord> { ["a"] = new(1, T0) }, ["a"], T0.AddHours(2), Options);

        Assert.Equal(1, d.Records["a"].Count);
        Assert.Equal(["a"], d.Heal);
    }

    [Fact]
    public void Decide_AfterBackoff_HealsAgainAndBackoffDoubles()
    {
        var records = new Dictionary<string, HealRecord> { ["a"] = new(2, T0) };

        var d = HealPolicy.Decide(records, ["a"], T0.AddMinutes(31), Options);

        Assert.Equal(["a"], d.Heal);
        Assert.Equal(3, d.Records["a"].Count);
        Assert.Equal(TimeSpan.FromMinutes(60), HealPolicy.Backoff(3, Options));
        Assert.Equal(TimeSpan.FromDays(1), HealPolicy.Backoff(40, Options));
    }

    [Fact]
    public void Decide_InSyncObject_RecordExpiresAfterWindowAndBackoff()
    {
        var records = new Dictionary<string, HealRecord> { ["fresh"] = new(1, T0), ["stale"] = new(1, T0.AddHours(-3)) };

        var d = HealPolicy.Decide(records, [], T0.AddMinutes(1), Options);

        Assert.True(d.Records.ContainsKey("fresh"));
        Assert.False(d.Records.ContainsKey("stale"));
    }
}
