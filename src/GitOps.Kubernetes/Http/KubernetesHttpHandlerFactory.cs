using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using GitOps.Kubernetes.Configuration;

namespace GitOps.Kubernetes.Http;

/// <summary>Builds the pooled, keep-alive <see cref="SocketsHttpHandler"/> for one cluster, with its TLS trust and client certificate.</summary>
public static class KubernetesHttpHandlerFactory
{
    /// <summary>Creates the handler for a resolved connection.</summary>
    public static SocketsHttpHandler Create(ClusterConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var handler = new SocketsHttpHandler
        {
            // Connections are reused; recycled now and then so DNS changes are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.GZip,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
        };
        if (connection.Server.Scheme != Uri.UriSchemeHttps)
        {
            return handler;
        }

        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = ServerCertificateValidator(connection),
        };
        if (!string.IsNullOrWhiteSpace(connection.TlsServerName))
        {
            ssl.TargetHost = connection.TlsServerName;
        }

        if (connection.ClientCertificate is { } clientCertificate)
        {
            ssl.ClientCertificates = [clientCertificate];
        }

        handler.SslOptions = ssl;
        return handler;
    }

    /// <summary>Validates the server certificate: skipped when insecure; only the configured CAs when some are given; the system store otherwise.</summary>
    internal static RemoteCertificateValidationCallback ServerCertificateValidator(ClusterConnection connection)
    {
        var insecure = connection.InsecureSkipTlsVerify;
        var authorities = connection.CertificateAuthorities;
        return (_, certificate, chain, errors) =>
        {
            if (insecure)
            {
                return true;
            }

            if (authorities.Count == 0)
            {
                return errors == SslPolicyErrors.None;
            }

            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.AddRange(authorities.ToArray());
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };
    }
}
