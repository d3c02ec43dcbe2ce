using System.Security.Cryptography;
using System.Text;
using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Status;

/// <summary>Who may read the status API: in the Function App the host has checked the function key; in `gitops serve`, a bearer token (fail closed).</summary>
public sealed class StatusApiAuthorization(IOptions<StatusApiOptions> options, FunctionKeysCheckedByHost? hostChecksKeys = null)
{
    /// <summary>True when the request may be answered; otherwise writes 401 and returns false.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsAuthorized(context))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await StatusApiResponses.WriteErrorAsync(context, StatusCodes.Status401Unauthorized,
            options.Value.Token is null ? "the status API has no token configured (GitOps:Api:Token)" : "missing or wrong bearer token");
        return false;
    }

    /// <summary>True when the request may be answered (the host checked its key, or the bearer token matches); writes nothing.</summary>
    public bool IsAuthorized(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return hostChecksKeys is not null || IsAllowed(context.Request.Headers.Authorization.ToString());
    }

    private bool IsAllowed(string authorization)
    {
        var token = options.Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return options.Value.AllowAnonymous;
        }

        const string Prefix = "Bearer ";
        if (!authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Prefix.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
