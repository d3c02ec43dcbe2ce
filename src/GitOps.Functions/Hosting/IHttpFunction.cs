using Microsoft.AspNetCore.Http;

namespace GitOps.Functions.Hosting;

/// <summary>An HTTP-triggered function body, served at /api/{Route} in both custom-handler (forwarded request) and standalone mode.</summary>
/// <remarks>Implementations read the raw request (headers, body bytes) and write the raw response; register them in DI.</remarks>
public interface IHttpFunction
{
    /// <summary>The function name (its folder in the published app).</summary>
    string Name { get; }

    /// <summary>Route template below the /api prefix, for example "webhooks/{provider}".</summary>
    string Route { get; }

    /// <summary>Allowed HTTP methods (upper case).</summary>
    IReadOnlyList<string> Methods { get; }

    /// <summary>Function auth level for function.json: anonymous, function or admin.</summary>
    string AuthLevel { get; }

    /// <summary>Handles one request.</summary>
    Task HandleAsync(HttpContext context);
}
