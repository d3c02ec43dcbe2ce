using System.Globalization;
using GitOps.Cli.Serve;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using GitOps.Storage;
using GitOps.Storage.Jobs;
using GitOps.Testing;
using GitOps.Testing.Azurite;
using GitOps.Testing.Git;
using GitOps.Testing.KubeSim;
using GitOps.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace GitOps.Dashboard.Tests.Support;

/// <summary>
/// `gitops serve --standalone` composed as the serve verb composes it, plus the dashboard, with real parts: Azurite, the
/// Kubernetes API simulator and a git daemon on loopback serving one source ("platform") that declares the apps.
/// </summary>
public sealed class DashboardStack : IAsyncLifetime
{
    /// <summary>The API token of this serve (GitOps:Api:Token).</summary>
    public const string Token = "dashboard-test-token";

    private const string WebhookSecret = "dashboard-webhook-secret";
    private const string Repository = "example/platform";
    private AzuriteInstance? _azurite;
    private KubeSimInstance? _sim;
    private GitDaemon? _git;
    private TempFolder? _work;
    private WebApplication? _app;
    private readonly SemaphoreSlim _synced = new(1, 1);
    private bool _hasSynced;

    public KubeSimInstance Sim => _sim ?? throw new InvalidOperationException("not started");
    public GitRepoBuilder Repo { get; private set; } = default!;
    public Uri Engine { get; private set; } = default!;
    public Uri Dashboard => new(Engine, "api/ui");
    public StorageAccount Storage { get; private set; } = default!;
    public TableJobStore Jobs => new(Storage.Tables);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _sim = await KubeSimInstance.StartAsync();
        _work = new TempFolder();
        _git = GitDaemon.Start(Path.Combine(_work.Path, "serve"));
        Repo = _git.CreateRepository("platform.git");
        Repo.Write(".gitops/web.yaml", App("web", "web", "driftMode: detect"));
        Repo.Write("apps/web/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n");
        Repo.Write("apps/web/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  greeting: hello from git\n");
        Repo.Write("apps/web/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-secret\ntype: Opaque\nstringData:\n  password: git-secret-value-1\n");
        Repo.Commit("add the web app");
        Storage = StorageAccount.FromConnectionString(_azurite.ConnectionString);

        var port = FreePort.Next();
        var builder = ServeHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["GitOps:Serve:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["GitOps:Serve:HostId"] = "dashboard-tests",
            ["GitOps:Serve:HostJsonPath"] = Path.Combine(ToolPaths.RepositoryRoot, "host.json"),
            ["GitOps:Api:Token"] = Token,
            ["GitOps:Sources:platform:Url"] = _git.UrlOf("platform.git"),
            ["GitOps:Sources:platform:Branch"] = "main",
            ["GitOps:Sources:platform:Provider"] = "github",
            ["GitOps:Sources:platform:Repository"] = Repository,
            ["GitOps:Sources:platform:WebhookSecrets:0"] = WebhookSecret,
            ["GitOps:Clusters:sim:Auth"] = "kubeconfig",
            ["GitOps:Clusters:sim:Kubeconfig"] = _sim.KubeconfigPath,
            ["GitOps:Git:CacheDirectory"] = Path.Combine(_work.Path, "git-cache"),
            ["GitOps:Tools:Kubectl"] = ToolPaths.Kubectl,
            ["GitOps:Sync:ResumeDelay"] = "00:00:01",
            ["GitOps:DriftSchedule"] = "0 0 0 1 1 *", // sweeps only when asked ("Sweep now")
            ["GitOps:Dashboard:Refresh"] = "00:00:01",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        });
        builder.Logging.ClearProviders();
        _app = ServeHost.Build(builder);
        StartupValidation.ValidateAll(_app.Services);
        await _app.StartAsync();
        Engine = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>An app definition of the platform source on the simulated cluster.</summary>
    public static string App(string name, string ns, string extra = "") =>
        $"apiVersion: gitops-functions.io/v1\nkind: App\nmetadata: {{ name: {name} }}\nspec:\n  path: apps/{name}\n  cluster: sim\n  namespace: {ns}\n  {extra}\n";

    /// <summary>Sends GitHub's signed push webhook for the repository's head commit and the files it changed (as GitHub would) and returns the job ids.</summary>
    public async Task<IReadOnlyList<string>> PushAsync(string before = ProviderPayloads.ZeroSha)
    {
        var jobs = await GitHubPushSender.PushHeadAsync(Engine, Repo, Repository, WebhookSecret, before);
        Assert.True(jobs.Count > 0, "the push queued no job");
        return jobs;
    }

    /// <summary>Pushes the initial commit once and waits for its sync, so any test can start from a synced "web" app.</summary>
    public async Task EnsureSyncedAsync()
    {
        await _synced.WaitAsync();
        try
        {
            if (!_hasSynced)
            {
                foreach (var job in await PushAsync())
                {
                    Assert.Equal(JobState.Succeeded, (await WaitForJobAsync(job)).State);
                }

                _hasSynced = true;
            }
        }
        finally
        {
            _synced.Release();
        }
    }

    /// <summary>Waits until the job's record reaches a final state and returns it.</summary>
    public async Task<JobRecord> WaitForJobAsync(string jobId) =>
        await Eventually.ValueAsync(async () => await Jobs.GetAsync(jobId) is { State: JobState.Succeeded or JobState.Failed or JobState.Poisoned } done ? done : null, $"job {jobId} to finish");

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _git?.Dispose();
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _work?.Dispose();
        _synced.Dispose();
    }
}
