using GitOps.Engine.Jobs;
using GitOps.Functions.Catalog;
using GitOps.Functions.Hosting;
using GitOps.Functions.Jobs;
using GitOps.Functions.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.CustomHandler;

/// <summary>The invocation endpoints the Functions host calls: POST /{functionName} for the queue and timer functions.</summary>
/// <remarks>
/// A non-2xx answer fails the invocation: the host retries a queue message until maxDequeueCount and then moves it to the
/// poison queue itself (we record Poisoned first). A message that can never be processed cannot be dead-lettered by a handler
/// directly, so the sync function declares a queue output "poison" (gitops-sync-poison): we answer 200, which completes the
/// message, with Outputs.poison holding a <see cref="PoisonEnvelope"/> (the original text and the reason).
/// </remarks>
public static class CustomHandlerEndpoints
{
    private const int MaxInvocationBytes = 4 * 1024 * 1024;

    /// <summary>Maps the invocation endpoints.</summary>
    public static void MapInvocations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/" + FunctionCatalog.SyncFunction, InvokeSyncAsync);
        endpoints.MapPost("/" + FunctionCatalog.DriftFunction, InvokeDriftAsync);
    }

    private static async Task InvokeSyncAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var runner = services.GetRequiredService<SyncJobRunner>();
        var queues = services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value;
        using var request = await ReadAsync(context);
        if (request is null)
        {
            return;
        }

        var messageId = request.MetadataString("Id") ?? context.Request.Headers["X-Azure-Functions-InvocationId"].ToString();
        var delivery = new JobDelivery(messageId, request.MetadataInt64("DequeueCount") ?? 1, queues.MaxDequeueCount);
        var text = request.QueueMessageText(FunctionCatalog.SyncTriggerBinding);
        var outcome = text is null
            ? await runner.RunAsync("", delivery, context.RequestAborted)
            : await runner.RunAsync(text, delivery, context.RequestAborted);

        var response = new InvocationResponse();
        switch (outcome.Action)
        {
            case MessageAction.Done:
                await WriteAsync(context, StatusCodes.Status200OK, response.Log($"Message {messageId} processed."));
                break;
            case MessageAction.BadMessage:
                response.Output(FunctionCatalog.PoisonOutputBinding, new PoisonEnvelope(outcome.Reason!, messageId, text ?? "").ToJson());
                await WriteAsync(context, StatusCodes.Status200OK, response.Log(outcome.Reason!));
                break;
            default:
                await WriteAsync(context, StatusCodes.Status500InternalServerError, response.Log(outcome.Reason!));
                break;
        }
    }

    private static async Task InvokeDriftAsync(HttpContext context)
    {
        var invoker = context.RequestServices.GetRequiredService<DriftInvoker>();
        using var request = await ReadAsync(context);
        if (request is null)
        {
            return;
        }

        var failure = await invoker.RunAsync(request.TimerIsPastDue(FunctionCatalog.DriftTriggerBinding), context.RequestAborted);
        var response = new InvocationResponse().Log(failure ?? "Drift sweep finished.");
        await WriteAsync(context, failure is null ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError, response);
    }

    private static async Task<InvocationRequest?> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxInvocationBytes)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new InvocationResponse().Log("The invocation payload exceeds 4 MiB."));
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return InvocationRequest.Parse(buffer.ToArray());
        }
        catch (InvalidInvocationException ex)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, new InvocationResponse().Log(ex.Message));
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, InvocationResponse response)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(response.ToUtf8Json(), context.RequestAborted);
    }
}
