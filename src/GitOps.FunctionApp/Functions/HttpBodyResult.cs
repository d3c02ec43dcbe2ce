using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GitOps.FunctionApp.Functions;

/// <summary>Runs an HTTP body against the request's own HttpContext: the body reads the raw request and writes the response itself.</summary>
internal sealed class HttpBodyResult(IHttpFunction body, IReadOnlyList<(string Name, string? Value)> routeValues) : IActionResult
{
    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;

        // The host matched the route; its values arrive as binding data, so they are set where the bodies read them.
        foreach (var (name, value) in routeValues)
        {
            request.RouteValues[name] = value;
        }

        return body.HandleAsync(context.HttpContext);
    }
}
