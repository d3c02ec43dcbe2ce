using System.Security.Cryptography;
using System.Text;

namespace GitOps.Engine.Secrets.Age;

/// <summary>Opens an age v1 file (armored or binary) with X25519 identities, as specified at age-encryption.org/v1.</summary>
/// <remarks>
/// The header's X25519 stanzas are tried with each identity; the first that unwraps the file key is
/// checked against the header MAC, then the payload is read in 64 KiB ChaCha20-Poly1305 STREAM chunks.
/// The curve is BouncyCastle's; HKDF, HMAC and ChaCha20-Poly1305 are the BCL's.
/// </remarks>
public static class AgeDecryptor
{
    private const string Version = "age-encryption.org/v1";
    private const string ArmorBegin = "-----BEGIN AGE ENCRYPTED FILE-----";
    private const string ArmorEnd = "-----END AGE ENCRYPTED FILE-----";
    private const int ChunkSize = 64 * 1024;
    private const int TagSize = 16;
    private const int MaxFileBytes = 1024 * 1024;
    private static readonly byte[] X25519Info = Encoding.ASCII.GetBytes("age-encryption.org/v1/X25519");
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("header");
    private static readonly byte[] PayloadInfo = Encoding.ASCII.GetBytes("payload");

    /// <summary>The plaintext of <paramref name="file"/>, or null when none of <paramref name="identities"/> is a recipient.</summary>
    /// <exception cref="AgeException">The file is malformed, or its header MAC or payload fails authentication.</exception>
    public static byte[]? TryDecrypt(string file, IReadOnlyList<AgeIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(identities);
        var bytes = Dearmor(file);
        var header = ReadHeader(bytes);
        var fileKey = Unwrap(header.Stanzas, identities);
        if (fileKey is null)
        {
            return null;
        }

        try
        {
            var macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, salt: [], info: HeaderInfo);
            var mac = HMACSHA256.HashData(macKey, bytes.AsSpan(0, header.MacInputLength));
            if (!CryptographicOperations.FixedTimeEquals(mac, header.Mac))
            {
                throw new AgeException("age header MAC does not verify (the file was altered)");
            }

            return ReadPayload(bytes.AsSpan(header.PayloadOffset), fileKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    private static byte[] Dearmor(string file)
    {
        var text = file.Trim();
        if (!text.StartsWith(ArmorBegin, StringComparison.Ordinal))
        {
            return Encoding.Latin1.GetBytes(file);
        }

        if (!text.EndsWith(ArmorEnd, StringComparison.Ordinal))
        {
            throw new AgeException("age armor has no END line");
        }

        var body = text[ArmorBegin.Length..^ArmorEnd.Length];
        var base64 = string.Concat(body.Split('\n').Select(l => l.Trim()));
        if (base64.Length > MaxFileBytes * 4 / 3)
        {
            throw new AgeException("age file is too large for a data key");
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new AgeException("age armor is not valid base64", ex);
        }
    }

    private static Header ReadHeader(byte[] bytes)
    {
        var position = 0;
        if (ReadLine(bytes, ref position) != Version)
        {
            throw new AgeException($"not an age v1 file (expected '{Version}')");
        }

        var stanzas = new List<Stanza>();
        while (true)
        {
            var lineStart = position;
            var line = ReadLine(bytes, ref position) ?? throw new AgeException("age header ends before its MAC line");
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                return new Header(stanzas, DecodeRaw(line[4..], "header MAC"), lineStart + 3, position);
            }

            if (!line.StartsWith("-> ", StringComparison.Ordinal))
            {
                throw new AgeException("age header line is neither a stanza nor the MAC line");
            }

            var arguments = line[3..].Split(' ');
            var body = new List<byte>();
            while (true)
            {
                var bodyLine = ReadLine(bytes, ref position) ?? throw new AgeException("age stanza body is not terminated");
                if (bodyLine.Length > 64)
                {
                    throw new AgeException("age stanza body line is longer than 64 columns");
                }

                body.AddRange(DecodeRaw(bodyLine, "stanza body"));
                if (bodyLine.Length < 64)
                {
                    break;
                }
            }

            stanzas.Add(new Stanza(arguments[0], arguments[1..], [.. body]));
        }
    }

    private static byte[]? Unwrap(IReadOnlyList<Stanza> stanzas, IReadOnlyList<AgeIdentity> identities)
    {
        Span<byte> shared = stackalloc byte[32];
        foreach (var stanza in stanzas.Where(s => s.Type == "X25519"))
        {
            if (stanza.Arguments.Length != 1 || stanza.Body.Length != 32)
            {
                throw new AgeException("age X25519 stanza is malformed");
            }

            var share = DecodeRaw(stanza.Arguments[0], "X25519 share");
            if (share.Length != 32)
            {
                throw new AgeException("age X25519 share is not 32 bytes");
            }

            foreach (var identity in identities)
            {
                if (!identity.TryAgree(share, shared))
                {
                    throw new AgeException("age X25519 share is a low-order point");
                }

                var salt = new byte[64];
                share.CopyTo(salt, 0);
                identity.PublicKey.Span.CopyTo(salt.AsSpan(32));
                var wrapKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared.ToArray(), 32, salt, X25519Info);
                CryptographicOperations.ZeroMemory(shared);
                var fileKey = new byte[16];
                try
                {
                    using var aead = new ChaCha20Poly1305(wrapKey);
                    aead.Decrypt(new byte[12], stanza.Body.AsSpan(0, 16), stanza.Body.AsSpan(16), fileKey);
                    return fileKey;
                }
                catch (AuthenticationTagMismatchException)
                {
                    // Not this identity's stanza: try the next pairing.
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(wrapKey);
                }
            }
        }

        return null;
    }

    private static byte[] ReadPayload(ReadOnlySpan<byte> payload, byte[] fileKey)
    {
        if (payload.Length < 16 + TagSize)
        {
            throw new AgeException("age payload is truncated");
        }

        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, 32, payload[..16].ToArray(), PayloadInfo);
        using var aead = new ChaCha20Poly1305(key);
        CryptographicOperations.ZeroMemory(key);
        var chunks = payload[16..];
        var plaintext = new List<byte>(chunks.Length);
        Span<byte> nonce = stackalloc byte[12];
        ulong counter = 0;
        while (true)
        {
            var last = chunks.Length <= ChunkSize + TagSize;
            var chunk = last ? chunks : chunks[..(ChunkSize + TagSize)];
            if (chunk.Length < TagSize || (last && chunk.Length == TagSize && counter > 0))
            {
                throw new AgeException("age payload is truncated");
            }

            nonce.Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce[3..11], counter);
            nonce[11] = last ? (byte)1 : (byte)0;
            var output = new byte[chunk.Length - TagSize];
            try
            {
                aead.Decrypt(nonce, chunk[..^TagSize], chunk[^TagSize..], output);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new AgeException("age payload does not authenticate (the file was altered)", ex);
            }

            plaintext.AddRange(output);
            CryptographicOperations.ZeroMemory(output);
            if (last)
            {
                return [.. plaintext];
            }

            chunks = chunks[(ChunkSize + TagSize)..];
            counter++;
        }
    }

    private static string? ReadLine(byte[] bytes, ref int position)
    {
        var end = Array.IndexOf(bytes, (byte)'\n', position);
        if (end < 0)
        {
            return null;
        }

        var line = Encoding.ASCII.GetString(bytes, position, end - position);
        position = end + 1;
        return line;
    }

    // age uses unpadded standard base64 and rejects padding.
    private static byte[] DecodeRaw(string text, string what)
    {
        if (text.Contains('=', StringComparison.Ordinal) || text.Length % 4 == 1)
        {
            throw new AgeException($"age {what} is not unpadded base64");
        }

        try
        {
            return Convert.FromBase64String(text + new string('=', (4 - (text.Length % 4)) % 4));
        }
        catch (FormatException ex)
        {
            throw new AgeException($"age {what} is not base64", ex);
        }
    }

    private sealed record Stanza(string Type, string[] Arguments, byte[] Body);

    private sealed record Header(IReadOnlyList<Stanza> Stanzas, byte[] Mac, int MacInputLength, int PayloadOffset);
}
