using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Status;

/// <summary>GET /api/status: every app's status.</summary>
public sealed class StatusListFunction(StatusReader reader, StatusApiAuthorization authorization, ILogger<StatusListFunction> logger)
    : StatusHttpFunctionBase(authorization, logger)
{
    /// <inheritdoc />
    public override string Name => "status";

    /// <inheritdoc />
    public override string Route => "status";

    /// <inheritdoc />
    protected override async Task AnswerAsync(HttpContext context) =>
        await StatusApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, await reader.ListAppsAsync(context.RequestAborted), StatusJsonContext.Default.IReadOnlyListAppStatusView);
}

/// <summary>GET /api/status/{app}: one app's status, 404 when unknown.</summary>
public sealed class AppStatusFunction(StatusReader reader, StatusApiAuthorization authorization, ILogger<AppStatusFunction> logger)
    : StatusHttpFunctionBase(authorization, logger)
{
    /// <inheritdoc />
    public override string Name => "status-app";

    /// <inheritdoc />
    public override string Route => "status/{app}";

    /// <inheritdoc />
    protected override async Task AnswerAsync(HttpContext context)
    {
        var app = context.GetRouteValue("app") as string ?? "";
        var view = await reader.GetAppAsync(app, context.RequestAborted);
        await (view is null
            ? StatusApiResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"app '{app}' not found")
            : StatusApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, view, StatusJsonContext.Default.AppStatusView));
    }
}

/// <summary>GET /api/jobs: the queue, recent jobs by state and the poison queue.</summary>
public sealed class JobsListFunction(StatusReader reader, StatusApiAuthorization authorization, ILogger<JobsListFunction> logger)
    : StatusHttpFunctionBase(authorization, logger)
{
    /// <inheritdoc />
    public override string Name => "jobs";

    /// <inheritdoc />
    public override string Route => "jobs";

    /// <inheritdoc />
    protected override async Task AnswerAsync(HttpContext context) =>
        await StatusApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, await reader.GetJobsAsync(cancellationToken: context.RequestAborted), StatusJsonContext.Default.JobsOverview);
}

/// <summary>GET /api/jobs/{id}: one job's record, 404 when unknown.</summary>
public sealed class JobFunction(StatusReader reader, StatusApiAuthorization authorization, ILogger<JobFunction> logger)
    : StatusHttpFunctionBase(authorization, logger)
{
    /// <inheritdoc />
    public override string Name => "jobs-show";

    /// <inheritdoc />
    public override string Route => "jobs/{id}";

    /// <inheritdoc />
    protected override async Task AnswerAsync(HttpContext context)
    {
        var id = context.GetRouteValue("id") as string ?? "";
        var record = await reader.GetJobAsync(id, context.RequestAborted);
        await (record is null
            ? StatusApiResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"job '{id}' not found")
            : StatusApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, record, StatusJsonContext.Default.JobRecord));
    }
}
