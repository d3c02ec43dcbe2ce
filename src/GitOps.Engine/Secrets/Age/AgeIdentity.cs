using Org.BouncyCastle.Crypto.Parameters;

namespace GitOps.Engine.Secrets.Age;

/// <summary>An age X25519 identity (<c>AGE-SECRET-KEY-1…</c>) and its recipient (<c>age1…</c>); never printed.</summary>
public sealed class AgeIdentity
{
    private const string SecretHrp = "age-secret-key-";
    private const string RecipientHrp = "age";
    private readonly X25519PrivateKeyParameters _key;

    private AgeIdentity(X25519PrivateKeyParameters key, byte[] publicKey)
    {
        _key = key;
        PublicKey = publicKey;
        Recipient = Bech32.Encode(RecipientHrp, publicKey);
    }

    /// <summary>The 32-byte X25519 public key.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The recipient string (<c>age1…</c>), safe to show.</summary>
    public string Recipient { get; }

    /// <summary>Reads every identity in an age keys file text (one <c>AGE-SECRET-KEY-1…</c> per line, <c>#</c> comments and blank lines ignored).</summary>
    /// <param name="text">The keys text.</param>
    /// <param name="origin">Where the text came from, for errors (a setting name, never the value).</param>
    public static IReadOnlyList<AgeIdentity> ParseAll(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var identities = new List<AgeIdentity>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            identities.Add(Parse(line) ?? throw new FormatException(
                $"{origin}, line {lineNumber}: not an age X25519 identity (expected AGE-SECRET-KEY-1… in bech32 with a valid checksum)"));
        }

        return identities;
    }

    /// <summary>The identity in <paramref name="text"/>, or null when it is not a well-formed <c>AGE-SECRET-KEY-1…</c>.</summary>
    public static AgeIdentity? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal)
            || !Bech32.TryDecode(text, out var hrp, out var scalar)
            || hrp != SecretHrp
            || scalar.Length != X25519PrivateKeyParameters.KeySize)
        {
            return null;
        }

        var key = new X25519PrivateKeyParameters(scalar);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(scalar);
        return new AgeIdentity(key, key.GeneratePublicKey().GetEncoded());
    }

    /// <summary>X25519(this identity, <paramref name="share"/>); false when the result is all zeros (a low-order point).</summary>
    internal bool TryAgree(byte[] share, Span<byte> secret)
    {
        try
        {
            _key.GenerateSecret(new X25519PublicKeyParameters(share), secret);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Recipient;
}
