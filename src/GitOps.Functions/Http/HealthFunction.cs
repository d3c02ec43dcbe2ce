using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Http;

namespace GitOps.Functions.Http;

/// <summary>The built-in liveness function at /api/healthz: answers 200 "ok" without touching storage.</summary>
public sealed class HealthFunction : IHttpFunction
{
    /// <inheritdoc />
    public string Name => "health";

    /// <inheritdoc />
    public string Route => "healthz";

    /// <inheritdoc />
    public IReadOnlyList<string> Methods { get; } = ["GET"];

    /// <inheritdoc />
    public string AuthLevel => "anonymous";

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("ok", context.RequestAborted);
    }
}
