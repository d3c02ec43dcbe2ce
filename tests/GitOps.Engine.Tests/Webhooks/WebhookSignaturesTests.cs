using System.Security.Cryptography;
using System.Text;
using GitOps.Engine.Webhooks.Signatures;
using GitOps.Testing.Webhooks;

namespace GitOps.Engine.Tests.Webhooks;

public sealed class WebhookSignaturesTests
{
    private const string DocsSecret = "It's a Secret to Everybody";
    private const string DocsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static readonly byte[] DocsBody = "Hello, World!"u8.ToArray();

    [Fact]
    public void VerifyGitHub_DocumentedTestVector_IsValid()
        => Assert.Equal(SignatureCheck.Valid, WebhookSignatures.VerifyGitHub(DocsSignature, DocsBody, [DocsSecret]));

    [Theory]
    [InlineData("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043E17")]
    [InlineData("SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("Sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void VerifyGitHub_UpperCaseDigestOrPrefix_IsMalformed(string header)
    {
        Assert.Equal(SignatureCheck.MalformedSignature, WebhookSignatures.VerifyGitHub(header, DocsBody, [DocsSecret]));
        Assert.Equal(SignatureCheck.MalformedSignature, WebhookSignatures.VerifyBitbucket(header, DocsBody, [DocsSecret]));
    }

    [Fact]
    public void VerifyGitea_UpperCaseDigest_IsMalformed()
        => Assert.Equal(SignatureCheck.MalformedSignature, WebhookSignatures.VerifyGitea(DocsSignature[7..].ToUpperInvariant(), DocsBody, [DocsSecret]));

    [Fact]
    public async Task VerifyGitHub_HeaderVariants_AgreeWithOctokitVerify()
    {
        const string payload = "{\"ref\":\"refs/heads/main\"}";
        var signed = (await GitHubSigner.SignAsync([(DocsSecret, payload)]))[0];
        string[] variants =
        [
            signed, signed.ToUpperInvariant(), "SHA256=" + signed[7..], "sha256=" + signed[7..].ToUpperInvariant(),
            "sha256=" + char.ToUpperInvariant(signed[7]) + signed[8..], signed[..^1], "sha1=" + signed[7..47], "sha256=" + new string('0', 64),
        ];

        var octokit = await GitHubSigner.VerifyAsync([.. variants.Select(v => (DocsSecret, payload, v))]);

        for (var i = 0; i < variants.Length; i++)
        {
            var ours = WebhookSignatures.VerifyGitHub(variants[i], Encoding.UTF8.GetBytes(payload), [DocsSecret]) == SignatureCheck.Valid;
            Assert.True(octokit[i] == ours, $"'{variants[i]}': octokit verify says {octokit[i]}, ours says {ours}");
        }

        Assert.True(octokit[0]);
    }

    [Fact]
    public void VerifyGitHub_RotatedSecrets_AnyMatches()
        => Assert.Equal(SignatureCheck.Valid, WebhookSignatures.VerifyGitHub(DocsSignature, DocsBody, ["old-secret", DocsSecret]));

    [Theory]
    [InlineData(null, SignatureCheck.MissingSignature)]
    [InlineData("", SignatureCheck.MissingSignature)]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d", SignatureCheck.MalformedSignature)]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.MalformedSignature)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", SignatureCheck.MalformedSignature)]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.MalformedSignature)]
    [InlineData("sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.SignatureMismatch)]
    public void VerifyGitHub_BadHeader_ReportsWhy(string? header, SignatureCheck expected)
        => Assert.Equal(expected, WebhookSignatures.VerifyGitHub(header, DocsBody, [DocsSecret]));

    [Fact]
    public void VerifyGitHub_WrongSecret_IsMismatch()
        => Assert.Equal(SignatureCheck.SignatureMismatch, WebhookSignatures.VerifyGitHub(DocsSignature, DocsBody, ["It's a secret to everybody"]));

    [Fact]
    public void VerifyGitHub_OneByteChanged_IsMismatch()
        => Assert.Equal(SignatureCheck.SignatureMismatch, WebhookSignatures.VerifyGitHub(DocsSignature, "Hello, World?"u8, [DocsSecret]));

    [Fact]
    public void VerifyGitHub_NoSecret_FailsClosedEvenWithoutSignature()
    {
        Assert.Equal(SignatureCheck.MissingSecret, WebhookSignatures.VerifyGitHub(null, DocsBody, []));
        Assert.Equal(SignatureCheck.MissingSecret, WebhookSignatures.VerifyGitHub(DocsSignature, DocsBody, [""]));
    }

    [Fact]
    public void VerifyBitbucket_Sha256Prefixed_IsValid()
        => Assert.Equal(SignatureCheck.Valid, WebhookSignatures.VerifyBitbucket(DocsSignature, DocsBody, [DocsSecret]));

    [Fact]
    public void VerifyGitea_BareHex_IsValid_AndPrefixedIsMalformed()
    {
        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.VerifyGitea(DocsSignature[7..], DocsBody, [DocsSecret]));
        Assert.Equal(SignatureCheck.MalformedSignature, WebhookSignatures.VerifyGitea(DocsSignature, DocsBody, [DocsSecret]));
    }

    [Fact]
    public void VerifyGitea_ComputedWithDotnetHmac_IsValid()
    {
        var body = Encoding.UTF8.GetBytes("{\"ref\":\"refs/heads/main\",\"é\":1}");
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("gitea-secret"), body));
        Assert.Equal(SignatureCheck.Valid, WebhookSignatures.VerifyGitea(hex, body, ["gitea-secret"]));
    }

    [Theory]
    [InlineData("token-1", SignatureCheck.Valid)]
    [InlineData("token-2", SignatureCheck.Valid)]
    [InlineData("token-3", SignatureCheck.SignatureMismatch)]
    [InlineData("token-", SignatureCheck.SignatureMismatch)]
    [InlineData(null, SignatureCheck.MissingSignature)]
    public void VerifyGitLab_Token_ComparesEachSecret(string? token, SignatureCheck expected)
        => Assert.Equal(expected, WebhookSignatures.VerifyGitLab(token, ["token-1", "token-2"]));

    [Fact]
    public void VerifyGitLab_NoSecret_FailsClosed()
        => Assert.Equal(SignatureCheck.MissingSecret, WebhookSignatures.VerifyGitLab("anything", []));
}
