using System.CommandLine;
using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Cli;

/// <summary>`gitops serve`: runs the functions, under the Functions host (custom handler) or by itself (--standalone).</summary>
public sealed class ServeVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var standalone = new Option<bool>("--standalone")
        {
            Description = "Run the HTTP, queue and timer triggers in this process even when FUNCTIONS_CUSTOMHANDLER_PORT is set.",
        };
        var port = new Option<int?>("--port")
        {
            Description = "Standalone mode: loopback port of the HTTP listener (default GitOps:Runtime:Port, 7071).",
        };
        var command = new Command("serve", "Serve the functions: custom-handler mode under the Functions host, standalone mode otherwise.")
        {
            standalone,
            port,
        };
        command.SetAction((parseResult, cancellationToken) =>
            ServeAsync(parseResult.GetValue(standalone), parseResult.GetValue(port), parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(bool forceStandalone, int? port, TextWriter error, CancellationToken cancellationToken)
    {
        var mode = GitOpsApplication.DetectMode(forceStandalone);
        var settings = new Dictionary<string, string?>();
        if (port is { } p)
        {
            settings[RuntimeOptions.SectionName + ":Port"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        WebApplication app;
        try
        {
            if (mode == ServeMode.CustomHandler)
            {
                GitOpsApplication.ReadCustomHandlerPort();
            }

            app = GitOpsApplication.Build(GitOpsApplication.CreateBuilder(mode, settings));
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ConfigurationError(ex) is { } message)
        {
            await error.WriteLineAsync($"gitops serve: configuration error: {message}");
            return ExitCodes.UsageOrConfiguration;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Ok;
    }

    private static string? ConfigurationError(Exception exception) => exception switch
    {
        OptionsValidationException ex => string.Join(" ", ex.Failures),
        InvalidDataException ex => ex.Message,
        AggregateException { InnerExceptions: [var inner] } => ConfigurationError(inner),
        _ => null,
    };
}
