using System.Net;
using GitOps.Functions.Hosting;
using GitOps.Functions.Http;
using GitOps.Functions.Status;
using GitOps.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Tests.Status;

/// <summary>A real Kestrel on 127.0.0.1 serving only the status API over an Azurite account.</summary>
internal sealed class StatusApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private StatusApiHost(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>…/api</summary>
    public Uri BaseUrl { get; }

    public static async Task<StatusApiHost> StartAsync(string connectionString, IReadOnlyDictionary<string, string?> settings, bool keysCheckedByHost = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        if (keysCheckedByHost)
        {
            builder.Services.AddSingleton<FunctionKeysCheckedByHost>();
        }

        builder.Services.AddSingleton(StorageAccount.FromConnectionString(connectionString));
        builder.Services.AddGitOpsStatusApi();
        var app = builder.Build();
        app.MapHttpFunctions();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StatusApiHost(app, new Uri(address.TrimEnd('/') + "/api/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
