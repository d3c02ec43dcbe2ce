using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOps.KubeSim.Security;

/// <summary>A throwaway CA for one server: it signs the loopback serving certificate and optional client certificates.</summary>
internal sealed class CertificateAuthority : IDisposable
{
    private CertificateAuthority(X509Certificate2 root) => Root = root;

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Root { get; }

    public static CertificateAuthority Create(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubesim-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return new CertificateAuthority(Reload(root));
    }

    /// <summary>A serving certificate for 127.0.0.1 and localhost.</summary>
    public X509Certificate2 IssueServer(TimeProvider time)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return Issue("CN=kubesim", time, san.Build(), new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") });
    }

    /// <summary>A client certificate; the common name is the user name and the organisation its group.</summary>
    public X509Certificate2 IssueClient(TimeProvider time, string user) =>
        Issue($"CN={user}, O=system:masters", time, null, new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") });

    /// <summary>True when the certificate was signed by this CA.</summary>
    public bool Signed(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>PEM of the CA certificate.</summary>
    public string RootPem => Root.ExportCertificatePem();

    public void Dispose() => Root.Dispose();

    private X509Certificate2 Issue(string subject, TimeProvider time, X509Extension? san, OidCollection usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var now = time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(Root, now.AddDays(-1), now.AddMonths(6), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    // Round-trips through PKCS#12 so the private key is usable by SslStream on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
