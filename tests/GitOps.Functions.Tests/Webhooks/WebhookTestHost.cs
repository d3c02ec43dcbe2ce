using System.Diagnostics.Metrics;
using GitOps.Engine.Apps;
using GitOps.Engine.Configuration;
using GitOps.Engine.Jobs;
using GitOps.Engine.Webhooks.Deliveries;
using GitOps.Engine.Webhooks.Receiving;
using GitOps.Functions.Hosting;
using GitOps.Functions.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Functions.Tests.Webhooks;

/// <summary>The webhook function served at /api/{Route} by an in-process server (TestServer, or Kestrel on 127.0.0.1).</summary>
internal sealed class WebhookTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _rejections = new(StringComparer.Ordinal);

    private WebhookTestHost(WebApplication app)
    {
        _app = app;
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WebhookMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "gitops.webhooks.rejections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (_rejections)
                    {
                        _rejections[(string)tag.Value!] = _rejections.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            }
        });
        _listener.Start();
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client for the server (TestServer's handler, or HttpClient to Kestrel).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Starts a host with the given settings and ports; unset ports get in-memory ones from the test project.</summary>
    public static async Task<WebhookTestHost> StartAsync(
        GitOpsOptions gitOps, IAppCatalog catalog, WebhookOptions? webhook = null, IJobQueue? queue = null, IJobStore? store = null,
        IDeliveryLog? deliveries = null, bool kestrel = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (kestrel)
        {
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var services = builder.Services;
        services.AddSingleton(Options.Create(gitOps));
        services.AddSingleton(catalog);
        services.AddSingleton(queue ?? new global::GitOps.Testing.Webhooks.InMemoryJobQueue());
        services.AddSingleton(store ?? new global::GitOps.Testing.Webhooks.InMemoryJobStore());
        services.AddSingleton(deliveries ?? new global::GitOps.Testing.Webhooks.InMemoryDeliveryLog());
        if (webhook is not null)
        {
            services.Configure<WebhookOptions>(o =>
            {
                o.MaxBodyBytes = webhook.MaxBodyBytes;
                o.DeliveryWindow = webhook.DeliveryWindow;
                o.ClaimTimeout = webhook.ClaimTimeout;
                o.EnqueueTimeout = webhook.EnqueueTimeout;
                o.MaxUnauthenticatedBytes = webhook.MaxUnauthenticatedBytes;
                o.BusyRetryAfter = webhook.BusyRetryAfter;
            });
        }

        services.AddGitOpsWebhooks();
        var app = builder.Build();
        foreach (var function in app.Services.GetServices<IHttpFunction>())
        {
            app.MapMethods($"/api/{function.Route}", function.Methods, function.HandleAsync);
        }

        await app.StartAsync();
        var host = new WebhookTestHost(app);
        host.Client = kestrel
            ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) }
            : app.GetTestClient();
        return host;
    }

    /// <summary>Rejections counted on this host's meter, by reason.</summary>
    public long Rejections(string reason)
    {
        lock (_rejections)
        {
            return _rejections.GetValueOrDefault(reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
