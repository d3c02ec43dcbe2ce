using GitOps.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace GitOps.FunctionApp.Functions;

/// <summary>One [Function] per HTTP route, each resolving its body by name; routes, methods and auth levels match the bodies' own (a test checks).</summary>
/// <remarks>Webhooks and health are anonymous (a webhook's signature is its authentication); the status API and the dashboard need a function key.</remarks>
public sealed class HttpFunctions(HttpFunctionDirectory bodies)
{
    /// <summary>POST /api/webhooks/{provider}: a Git host's push delivery.</summary>
    [Function("webhook")]
    public IActionResult Webhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/{provider}")] HttpRequest request, string provider) =>
        Serve("webhook", ("provider", provider));

    /// <summary>GET /api/healthz: liveness without touching storage.</summary>
    [Function("health")]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) => Serve("health");

    /// <summary>GET /api/status: every app's status.</summary>
    [Function("status")]
    public IActionResult Status([HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request) => Serve("status");

    /// <summary>GET /api/status/{app}: one app's status.</summary>
    [Function("status-app")]
    public IActionResult AppStatus([HttpTrigger(AuthorizationLevel.Function, "get", Route = "status/{app}")] HttpRequest request, string app) =>
        Serve("status-app", ("app", app));

    /// <summary>GET /api/jobs: queue, recent jobs, poison queue.</summary>
    [Function("jobs")]
    public IActionResult Jobs([HttpTrigger(AuthorizationLevel.Function, "get", Route = "jobs")] HttpRequest request) => Serve("jobs");

    /// <summary>GET /api/jobs/{id}: one job's record.</summary>
    [Function("jobs-show")]
    public IActionResult Job([HttpTrigger(AuthorizationLevel.Function, "get", Route = "jobs/{id}")] HttpRequest request, string id) =>
        Serve("jobs-show", ("id", id));

    /// <summary>GET and POST /api/ui/{*path}: the dashboard, one route family; 404 until a dashboard body is registered.</summary>
    [Function("dashboard")]
    public IActionResult Dashboard([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "ui/{*path}")] HttpRequest request, string? path) =>
        bodies.Find("dashboard") is { } body ? new HttpBodyResult(body, [("path", path)]) : new NotFoundResult();

    private HttpBodyResult Serve(string name, params (string Name, string? Value)[] routeValues) => new(bodies.Get(name), routeValues);
}
