using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitOps.KubeSim.Api;
using GitOps.KubeSim.Controllers;
using GitOps.KubeSim.Diagnostics;
using GitOps.KubeSim.Faults;
using GitOps.KubeSim.Security;
using GitOps.KubeSim.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.KubeSim;

/// <summary>
/// A running Kubernetes API simulator on 127.0.0.1: discovery, objects, patches, server-side apply,
/// simulated controllers, fault injection, request log, token/TLS auth and a kubeconfig writer.
/// </summary>
public sealed class KubeSimServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectService _objects;
    private readonly CertificateAuthority? _ca;
    private readonly X509Certificate2? _clientCertificate;

    private KubeSimServer(WebApplication app, ObjectService objects, CertificateAuthority? ca, X509Certificate2? clientCertificate, string token, FaultInjector faults, RequestLog requests, SimulatedControllers controllers)
    {
        _app = app;
        _objects = objects;
        _ca = ca;
        _clientCertificate = clientCertificate;
        Token = token;
        Faults = faults;
        Requests = requests;
        Controllers = controllers;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
        Port = port;
        BaseUri = new Uri($"{(ca is null ? "http" : "https")}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>The server's root URL, e.g. https://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; }

    /// <summary>The bound loopback port.</summary>
    public int Port { get; }

    /// <summary>The bearer token clients send (required unless anonymous access is allowed); always in the kubeconfig.</summary>
    public string Token { get; }

    /// <summary>PEM of the CA that signed the serving certificate, when HTTPS.</summary>
    public string? CertificateAuthorityPem => _ca?.RootPem;

    /// <summary>Fault injection rules for this server.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The request log with counters per verb and resource.</summary>
    public RequestLog Requests { get; }

    /// <summary>Switches for the simulated controllers.</summary>
    public SimulatedControllers Controllers { get; }

    /// <summary>Starts a server on 127.0.0.1.</summary>
    public static async Task<KubeSimServer> StartAsync(KubeSimOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubeSimOptions();
        options.Validate();
        var time = options.TimeProvider ?? TimeProvider.System;
        var ca = options.UseHttps ? CertificateAuthority.Create(time) : null;
        var serving = ca?.IssueServer(time);
        var client = options.ClientCertificateAuth ? ca!.IssueClient(time, "kubesim-admin") : null;
        // kubectl never sends a bearer token over plain HTTP, so an HTTP server without an explicit token is anonymous.
        var anonymous = options.AllowAnonymous || (!options.UseHttps && options.BearerToken is null);
        // The kubeconfig always carries a token, even when anonymous access is allowed: KubernetesClient refuses a user
        // without credentials.
        var token = options.BearerToken ?? NewToken();

        var controllers = new SimulatedControllers(time) { SettleOnWrite = options.SettleControllersOnWrite };
        var store = new ObjectStore();
        var objects = new ObjectService(store, new ResourceCatalog(), time, controllers);
        var watches = new WatchHub(objects);
        var faults = new FaultInjector(options.FaultSeed);
        var requests = new RequestLog();
        var auth = new Authenticator(token, options.ClientCertificateAuth ? ca : null, anonymous);

        // No configuration files, logging or file watching: a slim builder would watch the working directory tree
        // for appsettings changes, which costs every start (and every test) inotify watches on each subdirectory.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (serving is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = serving,
                        ClientCertificateMode = options.ClientCertificateAuth ? ClientCertificateMode.AllowCertificate : ClientCertificateMode.NoCertificate,
                        ClientCertificateValidation = (certificate, _, _) => ca!.Signed(certificate),
                    });
                }
            });
        });
        var app = builder.Build();
        KubeSimServer? server = null;
        var handler = new ApiHandler(objects, watches, faults, requests, auth, () => $"127.0.0.1:{server?.Port ?? 0}");
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        server = new KubeSimServer(app, objects, ca, client, token, faults, requests, controllers);
        return server;
    }

    /// <summary>The kubeconfig YAML for this server (default namespace "default").</summary>
    public string Kubeconfig(string? @namespace = null)
    {
        (string, string)? client = null;
        if (_clientCertificate is not null)
        {
            using var key = _clientCertificate.GetECDsaPrivateKey()!;
            client = (_clientCertificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }

        return KubeconfigWriter.Render(BaseUri, _ca?.RootPem, Token, client, @namespace);
    }

    /// <summary>Writes the kubeconfig to a file (created or replaced).</summary>
    public void WriteKubeconfig(string path, string? @namespace = null) => File.WriteAllText(path, Kubeconfig(@namespace));

    /// <summary>Runs one deterministic controller tick: every workload settles to its final status. Returns objects changed.</summary>
    public int SettleControllers() => _objects.Reconcile(_ => true);

    /// <summary>Stops listening.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Stops and releases the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ca?.Dispose();
        _clientCertificate?.Dispose();
    }

    /// <summary>
    /// Process entry point: serves until cancelled. Arguments: [--port N] [--https] [--client-certs]
    /// [--token T] [--anonymous] [--kubeconfig PATH] [--manual-controllers]. Prints the URL, and the
    /// kubeconfig when no path is given.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var options = new KubeSimOptions();
        string? kubeconfig = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.", nameof(args));
            switch (args[i])
            {
                case "--port":
                    options = options with { Port = int.Parse(Value(), CultureInfo.InvariantCulture) };
                    break;
                case "--https":
                    options = options with { UseHttps = true };
                    break;
                case "--client-certs":
                    options = options with { UseHttps = true, ClientCertificateAuth = true };
                    break;
                case "--token":
                    options = options with { BearerToken = Value() };
                    break;
                case "--anonymous":
                    options = options with { AllowAnonymous = true };
                    break;
                case "--kubeconfig":
                    kubeconfig = Path.GetFullPath(Value());
                    break;
                case "--manual-controllers":
                    options = options with { SettleControllersOnWrite = false };
                    break;
                default:
                    await output.WriteLineAsync($"kubesim: unknown argument '{args[i]}'");
                    return 2;
            }
        }

        await using var server = await StartAsync(options, cancellationToken);
        await output.WriteLineAsync($"kubesim listening on {server.BaseUri} (port {server.Port})");
        if (kubeconfig is not null)
        {
            server.WriteKubeconfig(kubeconfig);
            await output.WriteLineAsync($"kubeconfig written to {kubeconfig}");
        }
        else
        {
            await output.WriteLineAsync(server.Kubeconfig());
        }

        await output.FlushAsync(cancellationToken);

        // As its own process the server must stop on SIGTERM/SIGINT even when the caller's token is not wired to them.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Normal shutdown.
        }

        return 0;
    }

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
