using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GitOps.Kubernetes.Configuration;

/// <summary>Loads PEM certificates and keys given as base64 data or files; errors name the setting.</summary>
internal static class PemLoader
{
    /// <summary>Reads PEM text from base64 data or a file; null when neither is set.</summary>
    public static string? ReadPem(string? data, string? file, string what)
    {
        if (!string.IsNullOrWhiteSpace(data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data.Trim()));
            }
            catch (FormatException e)
            {
                throw new KubernetesConfigurationException($"{what} is not valid base64", e);
            }
        }

        if (!string.IsNullOrWhiteSpace(file))
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubernetesConfigurationException($"{what}: cannot read '{file}': {e.Message}", e);
            }
        }

        return null;
    }

    /// <summary>Parses one or more PEM certificates.</summary>
    public static IReadOnlyList<X509Certificate2> Certificates(string pem, string what)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigurationException($"{what} is not a valid PEM certificate bundle: {e.Message}", e);
        }

        return collection.Count == 0
            ? throw new KubernetesConfigurationException($"{what} contains no PEM certificate")
            : [.. collection];
    }

    /// <summary>Combines a PEM certificate and its RSA or EC private key into a certificate usable for client TLS.</summary>
    public static X509Certificate2 ClientCertificate(string certificatePem, string keyPem, string what)
    {
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KubernetesConfigurationException($"{what}: the client certificate and key cannot be loaded: {e.Message}", e);
        }
    }
}
