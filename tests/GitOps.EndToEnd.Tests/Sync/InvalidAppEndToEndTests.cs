using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.EndToEnd.Tests.Support;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;

namespace GitOps.EndToEnd.Tests.Sync;

/// <summary>
/// Through `gitops serve`: a source declaring three apps, one of them invalid. The other two sync on every push; the
/// invalid one is reported in the webhook's answer, the app status, the job list and the commit status, and is never retried.
/// </summary>
public sealed class InvalidAppEndToEndTests
{
    private const string Token = "gl-token";
    private const string ApiToken = "status-token";

    private static string AppYaml(string name, string path) =>
        $"apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {{ name: {name} }}\nspec:\n  path: {path}\n  cluster: sim\n  namespace: {name}\n";

    private static void WriteApp(GitDaemonRepo repo, string name, string value)
    {
        repo.Write($"apps/{name}/namespace.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n");
        repo.Write($"apps/{name}/config.yaml", SyncTestbed.ConfigMapYaml("config", value));
    }

    [Fact]
    public async Task Serve_SourceWithOneInvalidApp_TheOthersSyncOnEveryPush_TheInvalidOneIsReportedEverywhere()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var sim = await KubeSimInstance.StartAsync();
        await using var repo = await GitDaemonRepo.StartAsync();
        using var commitStatuses = CommitStatusRecorder.Start();
        repo.Write(".gitops/web.yaml", AppYaml("web", "apps/web"));
        repo.Write(".gitops/api.yaml", AppYaml("api", "apps/api"));
        repo.Write(".gitops/bad.yaml", AppYaml("bad", "../outside"));
        WriteApp(repo, "web", "one");
        WriteApp(repo, "api", "one");
        var first = await repo.CommitAsync("three apps, one invalid");

        await using var serve = ServeProcess.Start(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitOps__Sources__platform__Url"] = repo.Url,
            ["GitOps__Sources__platform__Provider"] = "gitlab",
            ["GitOps__Sources__platform__Repository"] = "group/shop",
            ["GitOps__Sources__platform__WebhookSecrets__0"] = Token,
            ["GitOps__Sources__platform__StatusApiUrl"] = commitStatuses.Url,
            ["GitOps__Clusters__sim__Auth"] = "kubeconfig",
            ["GitOps__Clusters__sim__Kubeconfig"] = sim.KubeconfigPath,
            ["GitOps__Git__CacheDirectory"] = Path.Combine(repo.Root, "cache"),
            ["GitOps__Api__Token"] = ApiToken,
            ["GitOps__DriftSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
        });
        await serve.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serve.Port}/api/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);

        // Push 1 adds the definitions: the valid apps are queued, the invalid one is skipped with its reason.
        var push1 = await PushAsync(http, new string('0', 40), first, ".gitops/web.yaml", ".gitops/api.yaml", ".gitops/bad.yaml", "apps/web/config.yaml", "apps/api/config.yaml");
        Assert.Equal(2, push1.GetProperty("jobs").GetArrayLength());
        var skipped = Assert.Single(push1.GetProperty("skipped").EnumerateArray());
        Assert.Equal("bad", skipped.GetProperty("app").GetString());
        Assert.Contains("spec.path '../outside'", skipped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await ServeApi.AllSucceededAsync(http, push1);
        var badJobText = await Eventually.ValueAsync(
            async () => await ServeApi.JobAsync(http, skipped.GetProperty("job").GetString()!) is { } r && r.GetProperty("state").GetString() == "Failed" ? r.GetRawText() : null,
            "the invalid app's job to fail");
        var badJob = JsonDocument.Parse(badJobText).RootElement;

        // Push 2 changes both valid apps: both sync again.
        WriteApp(repo, "web", "two");
        WriteApp(repo, "api", "two");
        var second = await repo.CommitAsync("both valid apps change");
        var push2 = await PushAsync(http, first, second, "apps/web/config.yaml", "apps/api/config.yaml");
        Assert.Equal(2, push2.GetProperty("jobs").GetArrayLength());
        await ServeApi.AllSucceededAsync(http, push2);
        foreach (var app in new[] { "web", "api" })
        {
            var live = await sim.KubectlAsync("get", "configmap", "config", "-n", app, "-o", "jsonpath={.data.key}");
            Assert.Equal("two", live.StandardOutput.Trim());
        }

        // The invalid app, everywhere a user looks: its job (failed once, never retried), its status, the commit status.
        Assert.Contains("spec.path '../outside'", badJob.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, badJob.GetProperty("attempts").GetInt32());
        using (var jobs = JsonDocument.Parse(await http.GetStringAsync("jobs")))
        {
            Assert.Empty(jobs.RootElement.GetProperty("poisoned").EnumerateArray());
        }

        using (var status = JsonDocument.Parse(await http.GetStringAsync("status/bad")))
        {
            Assert.Equal("Failed", status.RootElement.GetProperty("syncResult").GetString());
            Assert.Contains("spec.path '../outside'", Assert.Single(status.RootElement.GetProperty("errors").EnumerateArray()).GetString(), StringComparison.Ordinal);
        }

        var reported = await Eventually.ValueAsync(
            () => Task.FromResult(commitStatuses.Requests.FirstOrDefault(r => r.Contains("name=gitops-functions%2Fbad", StringComparison.Ordinal) && r.Contains("state=failed", StringComparison.Ordinal))),
            "a failed commit status for the invalid app");
        Assert.Contains(first, reported, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("spec.path"), reported, StringComparison.Ordinal);
        Assert.DoesNotContain(commitStatuses.Requests, r => r.Contains("gitops-functions%2Fweb", StringComparison.Ordinal) && r.Contains("state=failed", StringComparison.Ordinal));
    }

    private static Task<JsonElement> PushAsync(HttpClient http, string before, string after, params string[] paths) =>
        ServeApi.GitLabPushAsync(http, Token, before, after, paths);

    /// <summary>A Git host's commit status API on 127.0.0.1 that records every request (method, path and query).</summary>
    private sealed class CommitStatusRecorder : IDisposable
    {
        private readonly HttpListener _listener;

        private CommitStatusRecorder(HttpListener listener, string url)
        {
            _listener = listener;
            Url = url;
            _ = ServeAsync();
        }

        public string Url { get; }

        public ConcurrentQueue<string> Requests { get; } = new();

        public static CommitStatusRecorder Start()
        {
            var url = $"http://127.0.0.1:{FreePort.Next()}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            listener.Start();
            return new CommitStatusRecorder(listener, url.TrimEnd('/'));
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.RawUrl}");
                context.Response.StatusCode = 201;
                context.Response.Close();
            }
        }
    }
}
