using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using GitOps.Engine.Jobs;
using GitOps.Functions.Status;

namespace GitOps.Cli;

/// <summary>Reads a deployed app's status API (GET /api/status, /api/status/{app}, /api/jobs, /api/jobs/{id}).</summary>
/// <remarks>The token goes both as x-functions-key (the Functions host's check) and as a bearer token (standalone mode's check).</remarks>
internal sealed class RemoteStatusSource(Uri baseUrl, string? token) : IStatusSource
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<IReadOnlyList<AppStatusView>> ListAppsAsync(CancellationToken cancellationToken) =>
        await GetAsync("status", StatusJsonContext.Default.IReadOnlyListAppStatusView, cancellationToken) ?? [];

    public Task<AppStatusView?> GetAppAsync(string app, CancellationToken cancellationToken) =>
        GetAsync("status/" + Uri.EscapeDataString(app), StatusJsonContext.Default.AppStatusView, cancellationToken);

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        GetAsync("jobs/" + Uri.EscapeDataString(jobId), StatusJsonContext.Default.JobRecord, cancellationToken);

    public async Task<JobsOverview> GetJobsAsync(CancellationToken cancellationToken) =>
        await GetAsync("jobs", StatusJsonContext.Default.JobsOverview, cancellationToken)
        ?? throw new CliException(ExitCodes.Failure, $"{baseUrl} answered no jobs overview");

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Add("x-functions-key", token);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Failure, $"cannot reach the status API at {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}", ex);
        }

        using (response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.OK => await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken),
                HttpStatusCode.NotFound => null,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => throw new CliException(ExitCodes.UsageOrConfiguration,
                    $"the status API at {url.GetLeftPart(UriPartial.Authority)} refused the request ({(int)response.StatusCode}): pass a valid --token"),
                _ => throw new CliException(ExitCodes.Failure, $"the status API at {url.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode}"),
            };
        }
    }
}
