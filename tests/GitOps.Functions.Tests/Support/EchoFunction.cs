using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Http;

namespace GitOps.Functions.Tests.Support;

/// <summary>An HTTP function that answers with the exact request bytes, to prove forwarding keeps the raw body.</summary>
internal sealed class EchoFunction : IHttpFunction
{
    public string Name => "echo";

    public string Route => "echo/{provider}";

    public IReadOnlyList<string> Methods { get; } = ["POST"];

    public string AuthLevel => "function";

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers["X-Provider"] = context.Request.RouteValues["provider"]?.ToString();
        context.Response.Headers["X-Signature-Seen"] = context.Request.Headers["X-Hub-Signature-256"].ToString();
        await context.Request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
