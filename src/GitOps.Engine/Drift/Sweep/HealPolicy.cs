namespace GitOps.Engine.Drift.Sweep;

/// <summary>Decides which drifted objects to heal and which to back off because another controller keeps undoing us.</summary>
/// <remarks>
/// An object healed and found drifted again within the conflict window counts up; at the threshold it
/// becomes a conflict and is left alone for a backoff that doubles with each further round (capped at a
/// day), so a fight with an HPA or an operator costs one apply per backoff instead of one per sweep.
/// </remarks>
public static class HealPolicy
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromDays(1);

    /// <summary>Splits <paramref name="drifted"/> (object keys) into heals and conflicts, and returns the heal records to keep.</summary>
    public static HealDecision Decide(
        IReadOnlyDictionary<string, HealRecord> previous, IReadOnlyCollection<string> drifted, DateTimeOffset now, DriftSweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(drifted);
        ArgumentNullException.ThrowIfNull(options);
        var heal = new List<string>();
        var conflicts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var records = new Dictionary<string, HealRecord>(StringComparer.Ordinal);
        foreach (var key in drifted)
        {
            if (!previous.TryGetValue(key, out var last))
            {
                heal.Add(key);
                records[key] = new HealRecord(1, now);
            }
            else if (last.Count >= options.ConflictThreshold)
            {
                var until = last.LastHealAt + Backoff(last.Count, options);
                if (now < until)
                {
                    conflicts[key] = until;
                    records[key] = last;
                }
                else
                {
                    heal.Add(key);
                    records[key] = new HealRecord(last.Count + 1, now);
                }
            }
            else
            {
                heal.Add(key);
                records[key] = new HealRecord(now - last.LastHealAt <= options.ConflictWindow ? last.Count + 1 : 1, now);
            }
        }

        // Objects in sync keep their record only while it can still matter (a fight resumes soon after).
        foreach (var (key, record) in previous)
        {
            if (!records.ContainsKey(key) && now - record.LastHealAt <= Max(options.ConflictWindow, Backoff(record.Count, options)))
            {
                records[key] = record;
            }
        }

        return new HealDecision(heal, conflicts, records);
    }

    /// <summary>The backoff after <paramref name="count"/> heals in a row.</summary>
    public static TimeSpan Backoff(int count, DriftSweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (count < options.ConflictThreshold)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(count - options.ConflictThreshold, 10);
        var backoff = options.ConflictBackoff * Math.Pow(2, doublings);
        return backoff > MaxBackoff ? MaxBackoff : backoff;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>What to heal now, what is in conflict (with the time healing resumes), and the heal records to store.</summary>
public sealed record HealDecision(IReadOnlyList<string> Heal, IReadOnlyDictionary<string, DateTimeOffset> Conflicts, IReadOnlyDictionary<string, HealRecord> Records);
