using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace GitOps.Dashboard.Http;

/// <summary>Our stylesheet and script, embedded in the assembly and served with an ETag (no CDN, no build step).</summary>
public sealed class DashboardAssets
{
    private readonly Dictionary<string, (byte[] Bytes, string ContentType, string ETag)> _assets = new(StringComparer.Ordinal);

    /// <summary>Loads the embedded assets.</summary>
    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            _assets[name["assets/".Length..]] = (bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
    }

    /// <summary>Writes the asset named <paramref name="name"/>, 304 when the client has it, or returns false when there is none.</summary>
    public async Task<bool> TryWriteAsync(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_assets.TryGetValue(name, out var asset))
        {
            return false;
        }

        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = asset.ContentType;
        await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
        return true;
    }
}
