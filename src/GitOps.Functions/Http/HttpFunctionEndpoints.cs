using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Functions.Http;

/// <summary>Serves every registered <see cref="IHttpFunction"/> at /api/{route} on Kestrel, as `gitops serve` and tests do.</summary>
/// <remarks>The request reaches the function untouched: no body parsing or buffering happens before it (signatures need raw bytes).</remarks>
public static class HttpFunctionEndpoints
{
    /// <summary>The host's default routePrefix (host.json extensions.http.routePrefix).</summary>
    public const string RoutePrefix = "api";

    /// <summary>Maps the HTTP functions registered in DI.</summary>
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var functions = endpoints.ServiceProvider.GetServices<IHttpFunction>().OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two HTTP functions are named '{duplicate.Key}'; function names must be unique.");
        }

        foreach (var function in functions)
        {
            endpoints.MapMethods($"/{RoutePrefix}/{function.Route}", function.Methods, function.HandleAsync)
                .WithDisplayName(function.Name);
        }
    }
}
