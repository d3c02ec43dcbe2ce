using GitOps.Engine.Webhooks.Receiving;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Webhooks;

/// <summary>
/// The body bytes held, across the process, by webhook requests whose sender is not authenticated yet, bounded by
/// <see cref="WebhookOptions.MaxUnauthenticatedBytes"/>: anyone can send a body, so without a bound concurrent large
/// bodies grow the host without limit.
/// </summary>
public sealed class UnauthenticatedBodyBudget(IOptions<WebhookOptions> options)
{
    private readonly long _limit = options.Value.MaxUnauthenticatedBytes;
    private long _held;

    /// <summary>Bytes held right now.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Bytes that can still be reserved right now.</summary>
    public long Available => _limit - Held;

    /// <summary>Reserves <paramref name="bytes"/>; false (nothing reserved) when that would pass the limit.</summary>
    public bool TryReserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var held = Interlocked.Read(ref _held);
            if (held + bytes > _limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _held, held + bytes, held) == held)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back bytes reserved earlier.</summary>
    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _held, -bytes);
    }
}
