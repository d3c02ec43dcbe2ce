namespace GitOps.Engine.Webhooks.Payloads;

/// <summary>Extracts the JSON from an <c>application/x-www-form-urlencoded</c> body (<c>payload=&lt;url-encoded JSON&gt;</c>).</summary>
public static class FormPayload
{
    /// <summary>Returns the decoded bytes of the <c>payload</c> field, or null when the body has none or it is badly encoded.</summary>
    public static byte[]? TryExtract(ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            var amp = body.IndexOf((byte)'&');
            var pair = amp < 0 ? body : body[..amp];
            body = amp < 0 ? [] : body[(amp + 1)..];

            var eq = pair.IndexOf((byte)'=');
            if (eq < 0 || !pair[..eq].SequenceEqual("payload"u8))
            {
                continue;
            }

            return Decode(pair[(eq + 1)..]);
        }

        return null;
    }

    private static byte[]? Decode(ReadOnlySpan<byte> encoded)
    {
        var output = new byte[encoded.Length];
        var n = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+')
            {
                output[n++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= encoded.Length || !TryHex(encoded[i + 1], out var hi) || !TryHex(encoded[i + 2], out var lo))
                {
                    return null;
                }

                output[n++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                output[n++] = b;
            }
        }

        return output.AsSpan(0, n).ToArray();
    }

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
