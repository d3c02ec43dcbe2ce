using System.Text;
using GitOps.Engine.Secrets.Age;
using GitOps.Testing.Sops;

namespace GitOps.Engine.Tests.Secrets;

/// <summary>Bech32 identities and age files, checked against the real age CLI.</summary>
public sealed class AgeTests
{
    [Fact]
    public void Parse_IdentityFromAgeKeygen_GivesTheRecipientAgeKeygenPrinted()
    {
        var (keys, recipient) = AgeCli.NewIdentity();

        var identities = AgeIdentity.ParseAll(keys, "test");

        Assert.Equal(recipient, Assert.Single(identities).Recipient);
    }

    [Fact]
    public void Parse_FluxPublishedKey_GivesItsPublishedRecipient()
    {
        var identity = AgeIdentity.ParseAll(File.ReadAllText(Fixture("flux-age-global.txt")), "test").Single();

        Assert.Equal("age1henwn645drkd3fa34t27t2w2x0nsgw3w4h62gmg5x5xflyjpy38s5cncph", identity.Recipient);
    }

    [Theory]
    [InlineData("AGE-SECRET-KEY-1QQQQ")]
    [InlineData("age-secret-key-10u7maelh09kzu63f65p2tyln7tqm5x6gsddcq4ymugds3ds6xzmstyy2pn")]
    [InlineData("AGE-SECRET-KEY-10U7MAELH09KZU63F65P2TYLN7TQM5X6GSDDCQ4YMUGDS3DS6XZMSTYY2PM")]
    public void Parse_MalformedOrBadChecksum_ReturnsNull(string text) => Assert.Null(AgeIdentity.Parse(text));

    [Fact]
    public void ParseAll_BadLine_NamesOriginAndLineButNotTheValue()
    {
        var ex = Assert.Throws<FormatException>(() => AgeIdentity.ParseAll("# comment\nAGE-SECRET-KEY-1NOTAKEY\n", "GitOps__Sources__s__Decryption__AgeKeys"));

        Assert.Contains("GitOps__Sources__s__Decryption__AgeKeys, line 2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTAKEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bech32_EncodeDecode_RoundTrips()
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

        Assert.True(Bech32.TryDecode(Bech32.Encode("age", data), out var hrp, out var decoded));
        Assert.Equal("age", hrp);
        Assert.Equal(data, decoded);
    }

    [Fact]
    public void TryDecrypt_FileFromAgeCli_GivesThePlaintext()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        var plaintext = Encoding.UTF8.GetBytes("a data key of some length");

        var opened = AgeDecryptor.TryDecrypt(AgeCli.EncryptArmored(plaintext, recipient), AgeIdentity.ParseAll(keys, "test"));

        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void TryDecrypt_LargerThanOneChunk_GivesThePlaintext()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        var plaintext = Enumerable.Range(0, (64 * 1024) + 100).Select(i => (byte)i).ToArray();

        var opened = AgeDecryptor.TryDecrypt(AgeCli.EncryptArmored(plaintext, recipient), AgeIdentity.ParseAll(keys, "test"));

        Assert.Equal(plaintext, opened);
    }

    [Fact]
    public void TryDecrypt_TwoRecipients_EitherIdentityOpensIt()
    {
        var (keys1, recipient1) = AgeCli.NewIdentity();
        var (keys2, recipient2) = AgeCli.NewIdentity();
        var file = AgeCli.EncryptArmored([1, 2, 3], recipient1, recipient2);

        Assert.Equal([1, 2, 3], AgeDecryptor.TryDecrypt(file, AgeIdentity.ParseAll(keys1, "test")));
        Assert.Equal([1, 2, 3], AgeDecryptor.TryDecrypt(file, AgeIdentity.ParseAll(keys2, "test")));
    }

    [Fact]
    public void TryDecrypt_OtherIdentity_ReturnsNull()
    {
        var (_, recipient) = AgeCli.NewIdentity();
        var (otherKeys, _) = AgeCli.NewIdentity();

        Assert.Null(AgeDecryptor.TryDecrypt(AgeCli.EncryptArmored([1, 2, 3], recipient), AgeIdentity.ParseAll(otherKeys, "test")));
    }

    [Fact]
    public void TryDecrypt_AlteredHeader_FailsTheHeaderMac()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        var (_, other) = AgeCli.NewIdentity();
        var original = Dearmor(AgeCli.EncryptArmored([1, 2, 3], recipient, other));
        // Drop the second stanza: the header MAC covers every stanza.
        var text = Encoding.Latin1.GetString(original);
        var second = text.IndexOf("-> X25519", text.IndexOf("-> X25519", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var end = text.IndexOf("\n---", StringComparison.Ordinal);
        var altered = Encoding.Latin1.GetBytes(text[..second] + text[(end + 1)..]);

        var ex = Assert.Throws<AgeException>(() => AgeDecryptor.TryDecrypt(Encoding.Latin1.GetString(altered), AgeIdentity.ParseAll(keys, "test")));

        Assert.Contains("header MAC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecrypt_AlteredPayload_Fails()
    {
        var (keys, recipient) = AgeCli.NewIdentity();
        var bytes = Dearmor(AgeCli.EncryptArmored([1, 2, 3, 4, 5], recipient));
        bytes[^1] ^= 1;

        Assert.Throws<AgeException>(() => AgeDecryptor.TryDecrypt(Encoding.Latin1.GetString(bytes), AgeIdentity.ParseAll(keys, "test")));
    }

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Secrets", "Fixtures", name);

    private static byte[] Dearmor(string armored) =>
        Convert.FromBase64String(string.Concat(armored.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
}
