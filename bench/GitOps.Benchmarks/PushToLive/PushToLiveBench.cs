using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Cli.Serve;
using GitOps.Engine.Jobs;
using GitOps.KubeSim;
using GitOps.KubeSim.Faults;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.Git;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Benchmarks.PushToLive;

/// <summary>
/// Suite "pushtolive": from a signed push webhook received by `gitops serve` to the last object applied and the job recorded
/// Succeeded, with the queue idle beforehand (the listener's polling has backed off to host.json's maxPollingInterval).
/// </summary>
/// <remarks>
/// Usage: <c>pushtolive [pushes=20] [objects=10] [idleSeconds=5] [latencyMs=5]</c>. The host is `gitops serve`'s composition in
/// process (Kestrel + the WebJobs queue listener) with the repository's host.json, on Azurite and the API simulator; each push
/// changes one ConfigMap of the app.
/// </remarks>
public static class PushToLiveBench
{
    private const string Secret = "bench-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var pushes = Arg(args, 0, 20);
        var objects = Arg(args, 1, 10);
        var idle = TimeSpan.FromSeconds(Arg(args, 2, 5));
        var latency = TimeSpan.FromMilliseconds(Arg(args, 3, 5));

        await using var azurite = await AzuriteInstance.StartAsync();
        await using var sim = await KubeSimInstance.StartAsync(new KubeSimOptions());
        sim.Server.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Delay = latency });
        using var temp = new TempFolder();
        var repo = new GitRepoBuilder(Path.Combine(temp.Path, "repo"));
        repo.Write(".gitops/live.yaml", "apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: { name: live }\nspec:\n  path: app\n  cluster: sim\n  namespace: live\n");
        repo.Write("app/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: live\n");
        for (var i = 0; i < objects; i++)
        {
            repo.Write($"app/cm-{i:D2}.yaml", ConfigMap(i, "v0"));
        }

        var head = repo.Commit("cold");
        var builder = ServeHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitOps:Serve:Port"] = "0",
            ["GitOps:Serve:HostId"] = "bench-push-to-live",
            ["GitOps:DriftSchedule"] = "0 0 0 1 1 *",
            ["GitOps:Sources:bench:Url"] = repo.Directory,
            ["GitOps:Sources:bench:Repository"] = "org/bench",
            ["GitOps:Sources:bench:WebhookSecrets:0"] = Secret,
            ["GitOps:Clusters:sim:Auth"] = "kubeconfig",
            ["GitOps:Clusters:sim:Kubeconfig"] = sim.KubeconfigPath,
            ["GitOps:Git:CacheDirectory"] = Path.Combine(temp.Path, "cache"),
        });
        builder.Logging.ClearProviders();
        await using var app = ServeHost.Build(builder);
        await app.StartAsync();
        var jobs = app.Services.GetRequiredService<IJobStore>();
        var engine = ServeHost.ListeningAddress(app);
        using var http = new HttpClient();

        // The cold sync warms every path; it is not measured.
        var (_, coldJob) = await PushAsync(http, engine, new string('0', 40), head, ["app/namespace.yaml"]);
        await WaitSucceededAsync(jobs, coldJob);

        var total = new List<double>();
        var answered = new List<double>();
        for (var i = 1; i <= pushes; i++)
        {
            // Idle: no message for a while, so the listener polls at its slowest, as after a quiet period in production.
            await Task.Delay(idle);
            repo.Write("app/cm-00.yaml", ConfigMap(0, $"v{i}"));
            var before = head;
            head = repo.Commit($"change {i}");
            var clock = Stopwatch.StartNew();
            var (answer, job) = await PushAsync(http, engine, before, head, ["app/cm-00.yaml"]);
            answered.Add(answer.TotalMilliseconds);
            await WaitSucceededAsync(jobs, job);
            total.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"push to live: {pushes} pushes, app of {objects + 1} objects, 1 changed per push, {latency.TotalMilliseconds:F0} ms API latency, {idle.TotalSeconds:F0} s idle before each push, host.json maxPollingInterval {builder.Configuration["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"]}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhook answered (202): p50 {Percentile(answered, 50):F0} ms, p99 {Percentile(answered, 99):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webhook received -> last object applied and recorded: p50 {Percentile(total, 50):F0} ms, p99 {Percentile(total, 99):F0} ms (min {total.Min():F0}, max {total.Max():F0})"));
        await app.StopAsync();
        return 0;
    }

    private static async Task<(TimeSpan Answered, string JobId)> PushAsync(HttpClient http, Uri engine, string before, string after, string[] modified)
    {
        var body = Encoding.UTF8.GetBytes(ProviderPayloads.GitHubPush("org/bench", "refs/heads/main", before, after, [new(Modified: modified)]));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(engine, "api/webhooks/github")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + ProviderPayloads.HexHmac(Secret, body));
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var elapsed = clock.Elapsed;
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"webhook answered {(int)response.StatusCode}: {text}");
        }

        using var doc = JsonDocument.Parse(text);
        return (elapsed, doc.RootElement.GetProperty("jobs")[0].GetString()!);
    }

    private static async Task WaitSucceededAsync(IJobStore jobs, string jobId)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            var record = await jobs.GetAsync(jobId);
            if (record?.State is JobState.Succeeded)
            {
                return;
            }

            if (record?.State is JobState.Failed or JobState.Poisoned)
            {
                throw new InvalidOperationException($"job {jobId} {record.State}: {record.Error}");
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"job {jobId} did not succeed within 5 minutes");
    }

    private static string ConfigMap(int i, string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:D2}\n  namespace: live\ndata:\n  value: \"{value}\"\n";

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
