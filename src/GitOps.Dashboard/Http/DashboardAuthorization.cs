using System.Security.Cryptography;
using System.Text;
using GitOps.Functions.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace GitOps.Dashboard.Http;

/// <summary>
/// The status API's authorization (the Functions host's key check, or the bearer token of `gitops serve`), plus a session
/// cookie for browsers: signing in with the token sets an HttpOnly, SameSite=Strict cookie holding an HMAC of a fixed label
/// under the token, so it proves the token without storing it, and changing the token signs everyone out.
/// </summary>
public sealed class DashboardAuthorization(StatusApiAuthorization status, IOptions<StatusApiOptions> options)
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "gitops-dashboard";

    /// <summary>True when the request may see the dashboard.</summary>
    public bool IsAuthorized(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (status.IsAuthorized(context))
        {
            return true;
        }

        return Session() is { } expected && context.Request.Cookies.TryGetValue(CookieName, out var cookie) && cookie is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>Checks a token typed into the sign-in form; on success sets the session cookie for <paramref name="path"/>.</summary>
    public bool TrySignIn(HttpContext context, string? token, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expected = options.Value.Token;
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(token)
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
        {
            return false;
        }

        context.Response.Cookies.Append(CookieName, Session()!, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = path, IsEssential = true,
        });
        return true;
    }

    private string? Session() => options.Value.Token is { Length: > 0 } token
        ? Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "gitops-dashboard-session"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        : null;
}
