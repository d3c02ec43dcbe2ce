using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GitOps.Engine.Drift.Sweep;
using GitOps.Engine.Jobs;
using GitOps.Cli;
using GitOps.Functions.Hosting;
using GitOps.Cli.Tests.Cli;
using GitOps.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Tests.Status;

/// <summary>The HTTP status API over Azurite: bearer token in standalone mode (fail closed), answers, and the CLI's --url mode.</summary>
[Collection(CliAzuriteCollection.Name)]
public sealed class StatusApiTests(AzuriteFixture azurite)
{
    private const string Token = "test-token-7f3a";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Get_NoTokenConfigured_Answers401()
    {
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>());

        using var response = await Http.GetAsync(new Uri(host.BaseUrl, "status"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("GitOps:Api:Token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic dGVzdA==")]
    public async Task Get_MissingOrWrongToken_Answers401(string? authorization)
    {
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, Settings());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, "jobs"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_WithToken_AnswersStatusAppAndJob()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "api-" + Guid.NewGuid().ToString("N")[..8];
        await seed.AppAsync(app, DriftState.Drifted);
        var job = await seed.JobAsync(app, JobState.Succeeded);
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, Settings());

        using var all = await GetJsonAsync(host, "status");
        using var one = await GetJsonAsync(host, "status/" + app);
        using var record = await GetJsonAsync(host, "jobs/" + job.JobId);
        using var jobs = await GetJsonAsync(host, "jobs");

        Assert.Contains(all.RootElement.EnumerateArray(), e => e.GetProperty("app").GetString() == app);
        Assert.Equal("Drifted", one.RootElement.GetProperty("driftState").GetString());
        Assert.Equal("Succeeded", record.RootElement.GetProperty("state").GetString());
        Assert.Contains(jobs.RootElement.GetProperty("succeeded").EnumerateArray(), e => e.GetProperty("jobId").GetString() == job.JobId);
    }

    [Theory]
    [InlineData("status/no-such-app")]
    [InlineData("jobs/no-such-job")]
    public async Task Get_Unknown_Answers404(string path)
    {
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, Settings());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_AllowAnonymousWithoutToken_Answers200()
    {
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["GitOps:Api:AllowAnonymous"] = "true" });

        using var response = await Http.GetAsync(new Uri(host.BaseUrl, "status"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_InTheFunctionApp_LeavesTheKeyCheckToTheHost()
    {
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>(), keysCheckedByHost: true);

        using var response = await Http.GetAsync(new Uri(host.BaseUrl, "status"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cli_WithUrlAndToken_ReadsTheRemoteApi()
    {
        var seed = new StatusSeed(azurite.ConnectionString);
        var app = "remote-" + Guid.NewGuid().ToString("N")[..8];
        await seed.AppAsync(app, DriftState.InSync);
        var job = await seed.JobAsync(app, JobState.Failed, "remote failure");
        await using var host = await StatusApiHost.StartAsync(azurite.ConnectionString, Settings());
        var url = host.BaseUrl.AbsoluteUri;
        var noStorage = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "" };

        var status = await CliRun.RunAsync(noStorage, "status", app, "--url", url, "--token", Token);
        var jobs = await CliRun.RunAsync(noStorage, "jobs", "--url", url, "--token", Token, "-o", "json");
        var show = await CliRun.RunAsync(noStorage, "jobs", "show", job.JobId, "--url", url, "--token", Token);
        var missing = await CliRun.RunAsync(noStorage, "status", "nope", "--url", url, "--token", Token);
        var refused = await CliRun.RunAsync(noStorage, "status", "--url", url, "--token", "wrong");

        Assert.True(status.Exit == ExitCodes.Ok, status.Error);
        Assert.Contains("InSync", status.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, jobs.Exit);
        Assert.Contains("remote failure", jobs.Output, StringComparison.Ordinal);
        Assert.Matches(@"Error\s+remote failure", show.Output);
        Assert.Equal(ExitCodes.NotFound, missing.Exit);
        Assert.Contains(app, missing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrConfiguration, refused.Exit);
        Assert.Contains("401", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", refused.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings() => new() { ["GitOps:Api:Token"] = Token };

    private static async Task<JsonDocument> GetJsonAsync(StatusApiHost host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The status functions' routes, methods and auth levels (the Function App's adapters must match them).</summary>
public sealed class StatusApiCatalogTests
{
    [Fact]
    public void AddGitOpsStatusApi_Functions_AreGetOnlyWithFunctionAuthLevel()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton(GitOps.Storage.StorageAccount.FromConnectionString(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteInstance.AccountKey + ";QueueEndpoint=http://127.0.0.1:1/a;TableEndpoint=http://127.0.0.1:1/a;"));
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        GitOps.Functions.Status.StatusServiceCollectionExtensions.AddGitOpsStatusApi(services);
        using var provider = services.BuildServiceProvider();

        var functions = provider.GetServices<IHttpFunction>().ToList();

        Assert.Equal(["jobs", "jobs/{id}", "status", "status/{app}"], functions.Select(f => f.Route).Order(StringComparer.Ordinal));
        Assert.All(functions, f => Assert.Equal("function", f.AuthLevel));
        Assert.All(functions, f => Assert.Equal(["GET"], f.Methods));
    }
}
