using GitOps.Dashboard.Actions;
using GitOps.Dashboard.Pages;
using GitOps.Dashboard.Rendering;
using GitOps.Dashboard.Views;
using GitOps.Functions.Hosting;
using GitOps.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Dashboard.Http;

/// <summary>
/// The dashboard as one HTTP function at /api/ui/{*path}: GET pages (overview, apps/{app}, jobs), their live regions
/// (header X-Dashboard-Part: live), assets, sign-in; POST actions with an anti-forgery token. Authorized as the status API.
/// </summary>
public sealed partial class DashboardFunction(
    DashboardReader reader,
    DashboardActions actions,
    DashboardAuthorization authorization,
    DashboardAssets assets,
    NoticeBoard notices,
    PageRenderer renderer,
    IAntiforgery antiforgery,
    IOptions<AntiforgeryOptions> antiforgeryOptions,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<DashboardFunction> logger) : IHttpFunction
{
    /// <summary>The header dashboard.js sends to get a page's live region only.</summary>
    public const string PartHeader = "X-Dashboard-Part";

    /// <summary>The Content-Security-Policy of every answer: our own script and styles only, no inline code, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <inheritdoc />
    public string Name => "dashboard";

    /// <inheritdoc />
    public string Route => "ui/{*path}";

    /// <inheritdoc />
    public IReadOnlyList<string> Methods { get; } = ["GET", "POST"];

    /// <inheritdoc />
    public string AuthLevel => "function";

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";

        var path = (context.GetRouteValue("path") as string ?? "").Trim('/');
        var post = HttpMethods.IsPost(context.Request.Method);
        if (!post && path.StartsWith("assets/", StringComparison.Ordinal) && await assets.TryWriteAsync(context, path["assets/".Length..]))
        {
            return;
        }

        try
        {
            if (path == "login")
            {
                await SignInAsync(context, post);
                return;
            }

            if (!authorization.IsAuthorized(context))
            {
                headers.WWWAuthenticate = "Bearer";
                await WriteLoginAsync(context, StatusCodes.Status401Unauthorized, null);
                return;
            }

            await (post ? ActAsync(context, path) : ShowAsync(context, path));
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogStorageFailed(logger, ex);
            await WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, "Storage is unavailable", "The dashboard could not read storage; it will show again when storage answers.");
        }
    }

    private async Task ShowAsync(HttpContext context, string path)
    {
        var part = context.Request.Headers[PartHeader] == "live";
        var cancellationToken = context.RequestAborted;
        var ctx = Context(context);
        var segments = path.Split('/');
        switch (segments)
        {
            case [""]:
                var query = context.Request.Query;
                var overview = await reader.ReadOverviewAsync(
                    new OverviewFilter(query["source"], query["cluster"], query["namespace"], query["state"], query["q"]), cancellationToken);
                await WriteAsync<OverviewPage, OverviewLive>(context, part, ctx, overview);
                return;
            case ["jobs"]:
                await WriteAsync<JobsPage, JobsLive>(context, part, ctx, await reader.ReadJobsAsync(cancellationToken));
                return;
            case ["apps", var app] when app.Length > 0:
                var name = Uri.UnescapeDataString(app);
                var model = await reader.ReadAppAsync(name, withLive: !part, cancellationToken);
                if (model is null)
                {
                    await WriteMessageAsync(context, StatusCodes.Status404NotFound, "App not found", $"No app named '{name}' has synced or been swept.");
                    return;
                }

                await WriteAsync<AppPage, AppLive>(context, part, ctx, model);
                return;
            default:
                await WriteMessageAsync(context, StatusCodes.Status404NotFound, "Not found", "There is no such dashboard page.");
                return;
        }
    }

    private async Task ActAsync(HttpContext context, string path)
    {
        if (!await IsAntiforgeryValidAsync(context))
        {
            await WriteMessageAsync(context, StatusCodes.Status400BadRequest, "Request refused", "The form's anti-forgery token is missing or invalid: reload the page and try again.");
            return;
        }

        if (!options.Value.Actions)
        {
            await WriteMessageAsync(context, StatusCodes.Status403Forbidden, "Actions are off", ActionsOffNote);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var app = form["app"].ToString();
        var job = form["job"].ToString();
        var cancellationToken = context.RequestAborted;
        (ActionResult Result, string Back)? outcome = path switch
        {
            "actions/sync" when app.Length > 0 => (await actions.SyncAsync(app, cancellationToken), "apps/" + Uri.EscapeDataString(app)),
            "actions/sweep" when app.Length > 0 => (await actions.SweepAsync(app, cancellationToken), "apps/" + Uri.EscapeDataString(app)),
            "actions/retry" when job.Length > 0 => (await actions.RetryAsync(job, cancellationToken), "jobs"),
            _ => null,
        };
        if (outcome is not { } done)
        {
            await WriteMessageAsync(context, StatusCodes.Status400BadRequest, "Unknown action", "The action or its app or job is missing.");
            return;
        }

        var id = notices.Post(new Notice(done.Result.Message, !done.Result.Succeeded));
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = Context(context).Link(done.Back, ("notice", id));
    }

    private async Task SignInAsync(HttpContext context, bool post)
    {
        if (!post)
        {
            await WriteLoginAsync(context, StatusCodes.Status200OK, null);
            return;
        }

        if (!await IsAntiforgeryValidAsync(context))
        {
            await WriteLoginAsync(context, StatusCodes.Status400BadRequest, "The form expired: sign in again.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var ctx = Context(context);
        if (!authorization.TrySignIn(context, form["token"], BasePath(context)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteLoginAsync(context, StatusCodes.Status401Unauthorized, "That is not the API token.");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = ctx.Link("");
    }

    private async Task<bool> IsAntiforgeryValidAsync(HttpContext context)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException ex)
        {
            LogAntiforgeryRefused(logger, context.Request.Path, ex.Message);
            return false;
        }
    }

    private async Task WriteAsync<TPage, TLive>(HttpContext context, bool part, PageContext ctx, object model)
        where TPage : Microsoft.AspNetCore.Components.IComponent
        where TLive : Microsoft.AspNetCore.Components.IComponent
    {
        var parameters = new Dictionary<string, object?> { ["Ctx"] = ctx, ["Model"] = model };
        var html = part ? await renderer.RenderAsync<TLive>(parameters) : await renderer.RenderAsync<TPage>(parameters);
        await PageRenderer.WriteAsync(context, StatusCodes.Status200OK, html, document: !part);
    }

    private async Task WriteLoginAsync(HttpContext context, int status, string? problem) =>
        await PageRenderer.WriteAsync(context, status,
            await renderer.RenderAsync<LoginPage>(new Dictionary<string, object?> { ["Ctx"] = Context(context), ["Problem"] = problem }), document: true);

    private async Task WriteMessageAsync(HttpContext context, int status, string title, string text) =>
        await PageRenderer.WriteAsync(context, status,
            await renderer.RenderAsync<MessagePage>(new Dictionary<string, object?> { ["Ctx"] = Context(context), ["Title"] = title, ["Text"] = text }), document: true);

    private PageContext Context(HttpContext context)
    {
        if (context.Items[typeof(PageContext)] is PageContext existing)
        {
            return existing;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        var code = context.Request.Query["code"].ToString();
        var created = new PageContext(
            BasePath(context), code.Length > 0 ? code : null, antiforgeryOptions.Value.FormFieldName, tokens.RequestToken ?? "",
            options.Value.Actions ? null : ActionsOffNote, notices.Read(context.Request.Query["notice"]), time.GetUtcNow(),
            (int)options.Value.Refresh.TotalSeconds);
        context.Items[typeof(PageContext)] = created;
        return created;
    }

    // The dashboard's own path: the request path less the part the catch-all matched (/api/ui under both hosts).
    private static string BasePath(HttpContext context)
    {
        var full = context.Request.PathBase.Add(context.Request.Path).Value ?? "";
        var rest = context.GetRouteValue("path") as string ?? "";
        var trimmed = full.TrimEnd('/');
        return rest.Length > 0 && trimmed.EndsWith("/" + rest.TrimEnd('/'), StringComparison.Ordinal) ? trimmed[..^(rest.TrimEnd('/').Length + 1)] : trimmed;
    }

    private const string ActionsOffNote = "Actions are turned off for this dashboard (GitOps:Dashboard:Actions is false).";

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Dashboard could not read storage")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Dashboard refused a POST to {Path}: {Reason}")]
    private static partial void LogAntiforgeryRefused(ILogger logger, string path, string reason);
}
