using GitOps.Engine.Webhooks.Receiving;

namespace GitOps.Functions.Webhooks;

/// <summary>How reading a webhook body ended.</summary>
public enum BodyReadOutcome
{
    /// <summary>The whole body was read.</summary>
    Complete,

    /// <summary>More than the largest accepted body arrived; the rest was not read.</summary>
    TooLarge,

    /// <summary>The process holds as many unauthenticated bytes as it may; the rest was not read.</summary>
    Busy,
}

/// <summary>
/// A webhook body read before its sender is authenticated: in fixed segments, each reserved from the process-wide
/// <see cref="UnauthenticatedBodyBudget"/> before it is allocated, and fed to the signature check as it arrives.
/// Disposing gives the reservation back.
/// </summary>
public sealed class UnauthenticatedBody : IDisposable
{
    /// <summary>Segment size: below the large object heap threshold, so a refused body leaves nothing long-lived behind.</summary>
    public const int SegmentBytes = 64 * 1024;

    private readonly UnauthenticatedBodyBudget _budget;
    private readonly List<byte[]> _segments = [];
    private long _reserved;

    private UnauthenticatedBody(UnauthenticatedBodyBudget budget) => _budget = budget;

    /// <summary>Bytes read.</summary>
    public long Length { get; private set; }

    /// <summary>Reads <paramref name="body"/> to its end unless it passes <paramref name="maxBytes"/> or the budget runs out.</summary>
    public static async Task<(BodyReadOutcome Outcome, UnauthenticatedBody Body)> ReadAsync(
        Stream body, long maxBytes, UnauthenticatedBodyBudget budget, DeliveryAuthenticator authenticator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(authenticator);
        var read = new UnauthenticatedBody(budget);
        try
        {
            return (await read.FillAsync(body, maxBytes, authenticator, cancellationToken).ConfigureAwait(false), read);
        }
        catch
        {
            read.Dispose();
            throw;
        }
    }

    /// <summary>The body as one array (call once the sender is authenticated).</summary>
    public byte[] ToArray()
    {
        var whole = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var offset = 0;
        foreach (var segment in _segments)
        {
            var count = (int)Math.Min(segment.Length, Length - offset);
            segment.AsSpan(0, count).CopyTo(whole.AsSpan(offset));
            offset += count;
        }

        return whole;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _segments.Clear();
        _budget.Release(Interlocked.Exchange(ref _reserved, 0));
    }

    private async Task<BodyReadOutcome> FillAsync(Stream body, long maxBytes, DeliveryAuthenticator authenticator, CancellationToken cancellationToken)
    {
        // A full segment is followed by a one-byte read, so a segment is reserved only for bytes that exist
        // (a body of exactly the budget fits it).
        var probe = new byte[1];
        byte[]? current = null;
        var filled = 0;
        while (true)
        {
            var count = current is null || filled == current.Length
                ? await body.ReadAsync(probe, cancellationToken).ConfigureAwait(false)
                : await body.ReadAsync(current.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return BodyReadOutcome.Complete;
            }

            if (current is null || filled == current.Length)
            {
                if (!_budget.TryReserve(SegmentBytes))
                {
                    return BodyReadOutcome.Busy;
                }

                _reserved += SegmentBytes;
                current = GC.AllocateUninitializedArray<byte>(SegmentBytes);
                _segments.Add(current);
                current[0] = probe[0];
                filled = 0;
            }

            authenticator.Append(current.AsSpan(filled, count));
            filled += count;
            Length += count;
            if (Length > maxBytes)
            {
                return BodyReadOutcome.TooLarge;
            }
        }
    }
}
