using System.Globalization;
using System.Net;
using GitOps.Functions.Catalog;
using GitOps.Functions.CustomHandler;
using GitOps.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Hosting;

/// <summary>The composition root of `gitops serve`: configuration, services, Kestrel and endpoints for one <see cref="ServeMode"/>.</summary>
/// <remarks>Tests use <see cref="CreateBuilder"/>, adjust the builder (TestServer, DI overrides, settings), then <see cref="Build"/>.</remarks>
public static class GitOpsApplication
{
    /// <summary>The variable through which the Functions host passes the port it will call (PLATFORM.md §A).</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Custom-handler mode when the host set its port variable, unless standalone is forced.</summary>
    public static ServeMode DetectMode(bool forceStandalone) =>
        forceStandalone || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CustomHandlerPortVariable)) ? ServeMode.Standalone : ServeMode.CustomHandler;

    /// <summary>Creates the builder: Functions configuration files, services and the loopback Kestrel endpoint.</summary>
    /// <param name="mode">The serving mode.</param>
    /// <param name="settings">Settings that override every other source (command-line options, tests).</param>
    public static WebApplicationBuilder CreateBuilder(ServeMode mode, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        FunctionsConfiguration.AddFunctionsFiles(
            builder.Configuration,
            FunctionsConfiguration.ResolveHostJsonPath(settings?.GetValueOrDefault("GitOps:Runtime:HostJsonPath") ?? builder.Configuration["GitOps:Runtime:HostJsonPath"]),
            Directory.GetCurrentDirectory());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddGitOpsRuntime(mode);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, mode == ServeMode.CustomHandler
                ? ReadCustomHandlerPort()
                : context.Configuration.GetValue(RuntimeOptions.SectionName + ":Port", 7071));
        });
        return builder;
    }

    /// <summary>Builds the app and maps the endpoints of its mode.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapHttpFunctions(app.Services.GetRequiredService<FunctionCatalog>());
        if (app.Services.GetRequiredService<ServeModeInfo>().Mode == ServeMode.CustomHandler)
        {
            app.MapInvocations();
        }

        return app;
    }

    /// <summary>The host's port for this process; throws <see cref="OptionsValidationException"/> naming the variable when malformed.</summary>
    public static int ReadCustomHandlerPort()
    {
        var text = Environment.GetEnvironmentVariable(CustomHandlerPortVariable);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new OptionsValidationException(CustomHandlerPortVariable, typeof(int),
                [$"{CustomHandlerPortVariable} is malformed: '{text}' is not a TCP port (1..65535)."]);
        }

        return port;
    }
}
