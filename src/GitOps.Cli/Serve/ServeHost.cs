using GitOps.Dashboard;
using System.Net;
using Azure.Storage.Blobs;
using GitOps.Functions.Hosting;
using GitOps.Functions.Http;
using GitOps.Functions.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace GitOps.Cli.Serve;

/// <summary>The composition root of `gitops serve`: Kestrel for the HTTP bodies, a WebJobs SDK host for the queue and timer triggers.</summary>
/// <remarks>Tests call <see cref="CreateBuilder"/>, replace services with their doubles, then <see cref="Build"/>.</remarks>
public static class ServeHost
{
    /// <summary>Creates the builder: configuration (environment, local.settings.json, host.json, <paramref name="settings"/>), services, triggers and Kestrel.</summary>
    /// <param name="settings">Settings that override every other source (command-line options, tests).</param>
    public static WebApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });

        // The timer binding resolves %GitOps:DriftSchedule% from configuration, so the default must be a setting too (lowest priority).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [new(DriftOptions.ScheduleKey, DriftOptions.DefaultSchedule)] });

        // ConfigureWebJobs adds its own configuration sources; the Functions files and overrides go after them.
        builder.Host.ConfigureWebJobs(webJobs =>
        {
            webJobs.AddAzureStorageCoreServices();
            webJobs.AddAzureStorageQueues();
            webJobs.AddTimers();
        });
        FunctionsConfiguration.AddFunctionsFiles(
            builder.Configuration,
            FunctionsConfiguration.ResolveHostJsonPath(settings?.GetValueOrDefault(ServeOptions.HostJsonPathKey) ?? builder.Configuration[ServeOptions.HostJsonPathKey]),
            Directory.GetCurrentDirectory());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // The storage SDK logs every expected 404 (a queue or container not created yet) as a warning.
        builder.Logging.AddFilter("Azure.Core", LogLevel.Error);

        var services = builder.Services;
        services.AddGitOpsFunctions();
        services.AddGitOpsDashboard();
        var telemetry = services.AddGitOpsTelemetry(builder.Configuration);
        if (MetricsPath(builder.Configuration) is not null)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        services.AddOptions<ServeOptions>().BindConfiguration(ServeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServeOptions>, ServeOptionsValidator>());
        services.AddSingleton<ITypeLocator>(new ServeTypeLocator(typeof(SyncQueueFunction), typeof(DriftTimerFunction)));
        services.RemoveAll<IHostIdProvider>();
        services.AddSingleton<IHostIdProvider, ServeHostIdProvider>();

        // The timer extension's own monitor needs Host.Storage 3.x; ours keeps the same blob (see BlobScheduleMonitor).
        services.RemoveAll<ScheduleMonitor>();
        services.AddSingleton<ScheduleMonitor>(sp => new BlobScheduleMonitor(
            CreateBlobService(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IConfiguration>()).GetBlobContainerClient(BlobScheduleMonitor.ContainerName),
            sp.GetRequiredService<IHostIdProvider>()));

        // host.json's extensions.queues, as the Functions host applies it (validated by QueueTriggerOptionsValidator).
        services.AddOptions<QueuesOptions>().PostConfigure<IOptions<QueueTriggerOptions>>((queues, configured) =>
        {
            var options = configured.Value;
            queues.BatchSize = options.BatchSize;
            if (options.NewBatchThreshold is { } threshold)
            {
                queues.NewBatchThreshold = threshold;
            }

            queues.MaxPollingInterval = options.MaxPollingInterval;
            queues.VisibilityTimeout = options.VisibilityTimeout;
            queues.MaxDequeueCount = options.MaxDequeueCount;
            queues.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None;
        });

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, context.Configuration.GetValue(ServeOptions.SectionName + ":Port", 7071));
        });
        return builder;
    }

    /// <summary>Builds the app and maps the HTTP functions.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapHttpFunctions();
        if (MetricsPath(app.Configuration) is { } metrics)
        {
            app.MapPrometheusScrapingEndpoint(metrics);
        }

        return app;
    }

    // The scrape path when the endpoint is on and well-formed (a malformed one fails the options' validation at start).
    private static string? MetricsPath(IConfiguration configuration) =>
        (configuration[ServeOptions.MetricsPathKey] ?? new ServeOptions().MetricsPath) is { Length: > 0 } path && path.StartsWith('/') ? path : null;

    /// <summary>The address Kestrel listens on, once started (the port is chosen when GitOps:Serve:Port is 0).</summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel has no address; was the app started?");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The blob service of AzureWebJobsStorage: the connection string, or the identity-based blobServiceUri.</summary>
    private static BlobServiceClient CreateBlobService(StorageOptions storage, IConfiguration configuration)
    {
        if (storage.ConnectionString is { } connectionString)
        {
            return new BlobServiceClient(connectionString);
        }

        var blobServiceUri = configuration[StorageOptions.SettingName + ":blobServiceUri"]
            ?? throw new OptionsValidationException(StorageOptions.SettingName, typeof(StorageOptions),
                [$"{StorageOptions.SettingName}__blobServiceUri is missing: timer status and singleton locks live in blob storage."]);
        return new BlobServiceClient(new Uri(blobServiceUri), StorageRegistration.CreateCredential(storage));
    }
}
