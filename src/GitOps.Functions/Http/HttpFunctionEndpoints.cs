using GitOps.Functions.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOps.Functions.Http;

/// <summary>Serves every HTTP function at /api/{route} (forwarded by the host in custom-handler mode, direct in standalone mode).</summary>
/// <remarks>The request reaches the function untouched: no body parsing or buffering happens before it (signatures need raw bytes).</remarks>
public static class HttpFunctionEndpoints
{
    /// <summary>The host's default routePrefix (host.json extensions.http.routePrefix).</summary>
    public const string RoutePrefix = "api";

    /// <summary>Maps the HTTP functions of the catalog, plus the readiness answer at "/".</summary>
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);

        // The host's readiness probe: any HTTP response means ready (PLATFORM.md §A).
        endpoints.Map("/", context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });

        foreach (var function in catalog.HttpFunctions)
        {
            endpoints.MapMethods($"/{RoutePrefix}/{function.Route}", function.Methods, function.HandleAsync)
                .WithDisplayName(function.Name);
        }
    }
}
