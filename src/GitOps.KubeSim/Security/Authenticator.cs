using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitOps.KubeSim.Security;

/// <summary>Bearer-token and client-certificate authentication; health endpoints stay open like a real server's.</summary>
internal sealed class Authenticator(string? token, CertificateAuthority? clientCa, bool allowAnonymous)
{
    public bool Allows(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (allowAnonymous || path is "/healthz" or "/livez" or "/readyz")
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.FirstOrDefault();
        if (token is not null && header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var presented = Encoding.UTF8.GetBytes(header[7..].Trim());
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token)))
            {
                return true;
            }
        }

        return clientCa is not null && context.Connection.ClientCertificate is { } cert && clientCa.Signed(cert);
    }
}
