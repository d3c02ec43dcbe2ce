using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using GitOps.Engine.Manifests;
using GitOps.Engine.Rendering;
using GitOps.Engine.Secrets;
using GitOps.Engine.Secrets.KeyVault;
using GitOps.Testing.Sops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Engine.Tests.Secrets;

/// <summary>azure_kv data keys through a local HTTPS stand-in for Key Vault's unwrapkey (loopback, a certificate made here, the test RSA key).</summary>
public sealed class KeyVaultUnwrapTests : IAsyncLifetime
{
    private const string KeyName = "sops-key";
    private const string KeyVersion = "0123456789abcdef";
    // Made once: RSA key generation is slow on a loaded machine.
    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly X509Certificate2 Certificate = SelfSigned();
    private readonly List<string> _requests = [];
    private WebApplication? _vault;
    private int _status = 200;

    private string VaultUrl { get; set; } = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));
        _vault = builder.Build();
        _vault.MapPost("/keys/{name}/{version}/unwrapkey", UnwrapAsync);
        await _vault.StartAsync();
        var address = new Uri(_vault.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        VaultUrl = $"https://127.0.0.1:{address.Port}";
    }

    public async Task DisposeAsync()
    {
        await _vault!.DisposeAsync();
    }

    [Fact]
    public async Task DecryptAsync_AzureKvFile_UnwrapsThroughKeyVaultAndDecrypts()
    {
        var encrypted = SopsTestWriter.Encrypt(SopsDocumentsTests.Secret("password", "hunter2"), new SopsWriteOptions
        {
            AzureKeys = [new AzureTestKey(VaultUrl, KeyName, KeyVersion, Rsa)], EncryptedRegex = "^stringData$",
        });

        var decrypted = await SopsDocuments.DecryptAsync(Read(encrypted), Keyring([VaultUrl]), default);

        Assert.Equal("hunter2", decrypted[0].Content!["stringData"]!["password"]!.GetValue<string>());
        var request = Assert.Single(_requests);
        Assert.Equal($"POST /keys/{KeyName}/{KeyVersion}/unwrapkey?api-version=7.4 Bearer test-token alg=RSA-OAEP-256", request);
    }

    [Fact]
    public async Task DecryptAsync_VaultNotAllowedForTheSource_IsRefusedWithoutAnyCall()
    {
        var encrypted = SopsTestWriter.Encrypt(SopsDocumentsTests.Secret("password", "hunter2"), new SopsWriteOptions
        {
            AzureKeys = [new AzureTestKey(VaultUrl, KeyName, KeyVersion, Rsa)], EncryptedRegex = "^stringData$",
        });

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), Keyring(["https://other.vault.azure.net"]), default));

        Assert.Empty(_requests);
        Assert.Contains($"azure_kv {VaultUrl}/keys/{KeyName}/{KeyVersion}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptAsync_KeyVaultForbids_NamesTheKeyAndTheRoleNeeded()
    {
        _status = 403;
        var encrypted = SopsTestWriter.Encrypt(SopsDocumentsTests.Secret("password", "hunter2"), new SopsWriteOptions
        {
            AzureKeys = [new AzureTestKey(VaultUrl, KeyName, KeyVersion, Rsa)], EncryptedRegex = "^stringData$",
        });

        var ex = await Assert.ThrowsAsync<RenderException>(() => SopsDocuments.DecryptAsync(Read(encrypted), Keyring([VaultUrl]), default));

        Assert.Contains($"Key Vault key {VaultUrl}/keys/{KeyName}/{KeyVersion}: Key Vault answered 403 (Forbidden: caller lacks unwrapKey)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Key Vault Crypto User'", ex.Message, StringComparison.Ordinal);
    }

    private async Task UnwrapAsync(HttpContext context)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body);
        var name = context.Request.RouteValues["name"];
        var version = context.Request.RouteValues["version"];
        _requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {context.Request.Headers.Authorization} alg={body!["alg"]}");
        if (_status != 200 || (string?)name != KeyName || (string?)version != KeyVersion || (string?)body["alg"] != "RSA-OAEP-256")
        {
            context.Response.StatusCode = _status == 200 ? 400 : _status;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "Forbidden", message = "caller lacks unwrapKey" } });
            return;
        }

        var wrapped = Convert.FromBase64String(Pad(((string)body["value"]!).Replace('-', '+').Replace('_', '/')));
        var key = Rsa.Decrypt(wrapped, RSAEncryptionPadding.OaepSHA256);
        await context.Response.WriteAsJsonAsync(new { kid = $"{VaultUrl}/keys/{name}/{version}", value = Convert.ToBase64String(key).TrimEnd('=').Replace('+', '-').Replace('/', '_') });
    }

    // The host's own settings: a credential and a transport that trusts this test's certificate (a private CA in production).
    private SopsKeyring Keyring(IReadOnlyList<string> vaults)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString(),
            },
        };
        var options = new KeyVaultUnwrapOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        var unwrapper = new KeyVaultKeyUnwrapper(new StaticTokenCredential("test-token"), options);
        return new SopsKeyring([], vaults.Select(v => KeyVaultAddress.TryNormalize(v)!).ToList(), unwrapper, "GitOps__Sources__s__Decryption");
    }

    private static IReadOnlyList<YamlDocument> Read(JsonObject document) => YamlReader.Read(document.ToJsonString(), "secret.json");

    private static string Pad(string s) => s + new string('=', (4 - (s.Length % 4)) % 4);

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
