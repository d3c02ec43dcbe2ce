using System.Buffers;

namespace GitOps.Functions.Webhooks;

/// <summary>Reads a request body into memory, stopping as soon as it exceeds a cap (the rest is never read).</summary>
public static class CappedBodyReader
{
    /// <summary>The whole body, or null once more than <paramref name="maxBytes"/> bytes have arrived.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long maxBytes, long? declaredLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var initial = (int)Math.Min(declaredLength is > 0 ? declaredLength.Value : 16 * 1024, Math.Min(maxBytes, 1024 * 1024));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 4096));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
