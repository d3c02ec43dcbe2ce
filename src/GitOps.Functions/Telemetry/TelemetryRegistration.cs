using Azure.Monitor.OpenTelemetry.Exporter;
using GitOps.Engine.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GitOps.Functions.Telemetry;

/// <summary>The one place both hosts register OpenTelemetry: our meters and ActivitySource, and the exporters the settings ask for.</summary>
public static class TelemetryRegistration
{
    /// <summary>Set: export traces, metrics and logs to Application Insights (Azure Monitor exporter).</summary>
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Set: export traces, metrics and logs over OTLP (with the other OTEL_EXPORTER_OTLP_* settings).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name on every span and metric (OTEL_SERVICE_NAME overrides it).</summary>
    public const string ServiceName = "gitops-functions";

    /// <summary>
    /// Adds the OpenTelemetry SDK with the GitOps meters (and the queue gauges) and the GitOps ActivitySource, exporting to
    /// Application Insights and/or OTLP when their settings are present; the host chains its own additions (the Function
    /// App its worker defaults, `gitops serve` its Prometheus endpoint, tests an in-memory exporter).
    /// </summary>
    public static IOpenTelemetryBuilder AddGitOpsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IQueueBacklog, StorageQueueBacklog>();
        services.TryAddSingleton<QueueBacklogGauges>();

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter([.. GitOpsTelemetry.MeterNames])
                .AddInstrumentation(sp => sp.GetRequiredService<QueueBacklogGauges>()))
            .WithTracing(tracing => tracing.AddSource(GitOpsTelemetry.ActivitySourceName));
        // Exported logs keep their scope: a job's id, app and delivery id (SyncJobRunner).
        services.Configure<OpenTelemetryLoggerOptions>(logging => logging.IncludeScopes = true);
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            builder.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(configuration[AppInsightsSetting]))
        {
            builder.UseAzureMonitorExporter(options => options.ConnectionString = configuration[AppInsightsSetting]);
        }

        return builder;
    }
}
