using System.CommandLine;
using System.Globalization;
using GitOps.Cli.Serve;
using GitOps.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitOps.Cli;

/// <summary>`gitops serve`: the functions on this machine — Kestrel for HTTP, the WebJobs SDK for the queue and timer triggers.</summary>
public sealed class ServeVerb : ICliVerb
{
    /// <inheritdoc />
    public Command Build()
    {
        var port = new Option<int?>("--port")
        {
            Description = "Loopback port of the HTTP listener (default GitOps:Serve:Port, 7071; 0 picks a free port).",
        };
        var command = new Command("serve", "Serve the functions locally: the HTTP routes on Kestrel, the sync queue and the drift timer on the WebJobs SDK (the Functions host's own trigger code).")
        {
            port,
        };
        command.SetAction((parseResult, cancellationToken) =>
            ServeAsync(parseResult.GetValue(port), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(int? port, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>();
        if (port is { } p)
        {
            settings[ServeOptions.SectionName + ":Port"] = p.ToString(CultureInfo.InvariantCulture);
        }

        WebApplication app;
        try
        {
            app = ServeHost.Build(ServeHost.CreateBuilder(CliSettings.WithOverrides(settings)));
            StartupValidation.ValidateAll(app.Services);
        }
        catch (Exception ex) when (ConfigurationError(ex) is { } message)
        {
            await error.WriteLineAsync($"gitops serve: configuration error: {message}");
            return ExitCodes.UsageOrConfiguration;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (ConfigurationError(ex) is { } message)
            {
                await error.WriteLineAsync($"gitops serve: configuration error: {message}");
                return ExitCodes.UsageOrConfiguration;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"gitops serve: listening on {ServeHost.ListeningAddress(app)} (webhooks at api/webhooks/{{provider}}); Ctrl+C stops");
            await output.FlushAsync(CancellationToken.None);
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
