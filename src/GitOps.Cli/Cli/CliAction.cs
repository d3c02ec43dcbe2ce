using System.CommandLine;
using Azure;

namespace GitOps.Cli;

/// <summary>Runs a data verb's body and turns its typed failures into a stderr line and an exit code.</summary>
internal static class CliAction
{
    /// <summary>Wraps <paramref name="body"/> as a command action for <paramref name="verb"/>.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> For(string verb, CommonOptions common, Func<CliContext, ParseResult, CancellationToken, Task<int>> body) =>
        async (parseResult, cancellationToken) =>
        {
            CliContext? context = null;
            try
            {
                context = common.Read(parseResult);
                return await body(context, parseResult, cancellationToken);
            }
            catch (CliException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"gitops {verb}: {ex.Message}");
                return ex.ExitCode;
            }
            catch (Exception ex) when (IsUnreachable(ex))
            {
                // The transport message names the endpoint only; connection strings and keys never reach it.
                var reason = Innermost(ex).Message;
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"gitops {verb}: cannot reach storage at {context?.StorageEndpoint ?? "the configured endpoint"}: {reason}");
                return ExitCodes.Failure;
            }
            catch (RequestFailedException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"gitops {verb}: storage request failed: {ex.Message}");
                return ExitCodes.Failure;
            }
        };

    // The SDK reports a transport failure as status 0, wrapped in an AggregateException once retries ran out.
    private static bool IsUnreachable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnreachable),
        _ => false,
    };

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is { } next)
        {
            current = next;
        }

        return current;
    }
}
