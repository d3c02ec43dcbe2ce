using Microsoft.AspNetCore.Http;

namespace GitOps.Functions.Hosting;

/// <summary>An HTTP-triggered function body, served at /api/{Route} by the Function App (a [Function] adapter per name) and by `gitops serve` (Kestrel).</summary>
/// <remarks>Implementations read the raw request (headers, body bytes, route values) and write the raw response; register them in DI.</remarks>
public interface IHttpFunction
{
    /// <summary>The function name; the Function App's adapter resolves the body by it.</summary>
    string Name { get; }

    /// <summary>Route template below the /api prefix, for example "webhooks/{provider}".</summary>
    string Route { get; }

    /// <summary>Allowed HTTP methods (upper case).</summary>
    IReadOnlyList<string> Methods { get; }

    /// <summary>Function auth level: anonymous, function or admin.</summary>
    string AuthLevel { get; }

    /// <summary>Handles one request.</summary>
    Task HandleAsync(HttpContext context);
}
