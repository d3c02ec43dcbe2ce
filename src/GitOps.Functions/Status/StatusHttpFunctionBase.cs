using GitOps.Functions.Hosting;
using GitOps.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOps.Functions.Status;

/// <summary>Shared shape of the status API's GET functions: auth level function, authorization, storage errors as 503.</summary>
public abstract partial class StatusHttpFunctionBase(StatusApiAuthorization authorization, ILogger logger) : IHttpFunction
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Route { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Methods { get; } = ["GET"];

    /// <inheritdoc />
    public string AuthLevel => "function";

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await authorization.AuthorizeAsync(context))
        {
            return;
        }

        try
        {
            await AnswerAsync(context);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogStorageFailed(logger, Name, ex);
            await StatusApiResponses.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "storage is unavailable");
        }
    }

    /// <summary>Answers an authorized request.</summary>
    protected abstract Task AnswerAsync(HttpContext context);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Status API {Function} could not read storage")]
    private static partial void LogStorageFailed(ILogger logger, string function, Exception exception);
}
