using System.Collections.Concurrent;
using GitOps.Dashboard.Rendering;

namespace GitOps.Dashboard.Actions;

/// <summary>
/// Holds an action's outcome for the page it redirects to (post/redirect/get), under a random id for a few minutes, so the
/// page never shows text taken from its own URL. Per instance: a redirect that lands on another instance just shows no notice.
/// </summary>
public sealed class NoticeBoard(TimeProvider time)
{
    private const int MaxHeld = 1000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (Notice Notice, DateTimeOffset Expires)> _held = new(StringComparer.Ordinal);

    /// <summary>Holds <paramref name="notice"/> and returns its id.</summary>
    public string Post(Notice notice)
    {
        var now = time.GetUtcNow();
        if (_held.Count >= MaxHeld)
        {
            foreach (var (key, value) in _held.Where(p => p.Value.Expires <= now).ToList())
            {
                _held.TryRemove(key, out _);
            }
        }

        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        if (_held.Count < MaxHeld)
        {
            _held[id] = (notice, now + Lifetime);
        }

        return id;
    }

    /// <summary>The notice posted under <paramref name="id"/>, while it lives.</summary>
    public Notice? Read(string? id) =>
        id is not null && _held.TryGetValue(id, out var held) && held.Expires > time.GetUtcNow() ? held.Notice : null;
}
