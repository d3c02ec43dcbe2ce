using System.Text;
using System.Text.RegularExpressions;
using GitOps.Dashboard.Tests.Support;
using GitOps.Engine.Jobs;
using GitOps.Functions.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitOps.Dashboard.Tests.Browser;

/// <summary>The dashboard in headless Chromium against `gitops serve`, Azurite, the simulator and a git daemon.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardBrowserTests(DashboardStack stack, BrowserFixture browser)
{
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 60_000 };

    [Fact]
    public async Task Push_Drift_SyncNow_AreShownAndHealed()
    {
        var page = await browser.SignedInPageAsync(stack);

        // A push shows up on the open overview by itself (live update), as a synced app at the new commit.
        stack.Repo.Write("apps/web/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-extra\ndata:\n  mode: blue\n");
        var commit = stack.Repo.Commit("add the extra settings");
        foreach (var job in await stack.PushAsync())
        {
            Assert.Equal(JobState.Succeeded, (await stack.WaitForJobAsync(job)).State);
        }

        var row = AppRow(page, "web");
        await Expect(row).ToContainTextAsync(commit[..7], Patient);
        await Expect(row).ToContainTextAsync("add the extra settings");
        await Expect(row).ToContainTextAsync("synced");
        await Expect(row).ToContainTextAsync("healthy");
        await BrowserFixture.ScreenshotAsync(page, "overview");
        await BrowserFixture.AssertAccessibleAsync(page);

        // Someone edits the cluster by hand; "Sweep now" shows the drift with its field path.
        await Kubectl("-n", "web", "patch", "configmap", "web-config", "--type=merge", "-p", "{\"data\":{\"greeting\":\"edited by hand\"}}");
        await Kubectl("-n", "web", "patch", "secret", "web-secret", "--type=merge", "-p", "{\"stringData\":{\"password\":\"live-secret-value-2\"}}");
        await row.GetByRole(AriaRole.Link, new() { Name = "web", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "App web", Level = 1 })).ToBeVisibleAsync();
        var changes = page.Locator("table[aria-labelledby='h-changes']");
        await Expect(changes.Locator("tr", new() { HasText = "ConfigMap/web/web-extra" })).ToContainTextAsync("created");
        await Expect(changes.Locator("tr", new() { HasText = "ConfigMap/web/web-config" })).ToContainTextAsync("unchanged");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sweep now" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Swept:");
        var drift = page.Locator("table[aria-labelledby='h-drift']");
        await Expect(drift).ToContainTextAsync("ConfigMap/web/web-config");
        await Expect(drift).ToContainTextAsync("data.greeting");
        await Expect(drift).ToContainTextAsync("edited by hand");
        await Expect(page.Locator(".facts")).ToContainTextAsync("drifted");

        // The page carries the Secret's diff, and no Secret value in any form.
        await Expect(page.Locator("details.diff summary", new() { HasText = "Secret/web/web-secret" })).ToBeVisibleAsync();
        var html = await page.ContentAsync();
        foreach (var value in new[] { "git-secret-value-1", "live-secret-value-2" })
        {
            Assert.DoesNotContain(value, html, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), html, StringComparison.Ordinal);
        }

        await BrowserFixture.ScreenshotAsync(page, "app-drifted");
        await BrowserFixture.AssertAccessibleAsync(page);

        // "Sync now" heals it; the next sweep finds the app in sync.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        var notice = await page.Locator(".notice").TextContentAsync();
        var jobId = JobId().Match(notice ?? "").Groups[1].Value;
        Assert.True(jobId.Length > 0, $"no job id in the notice '{notice}'");
        Assert.Equal(JobState.Succeeded, (await stack.WaitForJobAsync(jobId)).State);
        var greeting = await Kubectl("-n", "web", "get", "configmap", "web-config", "-o", "jsonpath={.data.greeting}");
        Assert.Equal("hello from git", greeting);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sweep now" }).ClickAsync();
        await Expect(page.Locator(".facts")).ToContainTextAsync("in sync");
        await Expect(page.Locator("#live")).ToContainTextAsync(jobId[..12]);
        await Expect(changes.Locator("tr", new() { HasText = "ConfigMap/web/web-config" })).ToContainTextAsync("configured", Patient);
        await BrowserFixture.ScreenshotAsync(page, "app");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task PoisonedJob_ShowsReason_AndRetryRedrivesIt()
    {
        await stack.EnsureSyncedAsync();
        var job = new SyncJob
        {
            SchemaVersion = SyncJob.CurrentSchemaVersion, JobId = Guid.NewGuid().ToString("N"), Source = "platform", App = "web",
            Reason = SyncReason.Manual, RequestedAt = DateTimeOffset.UtcNow,
        };
        // As the runtime leaves a job that failed maxDequeueCount times: the message in the poison queue, the reason in its record.
        const string Reason = "the cluster answered 503 five times: sim is unavailable";
        await stack.Jobs.UpsertAsync(JobRecord.QueuedFor(job) with { State = JobState.Poisoned, Attempts = 5, Error = Reason, FinishedAt = DateTimeOffset.UtcNow });
        var poison = stack.Storage.Queues.GetQueueClient(FunctionNames.SyncPoisonQueue);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(SyncJobCodec.Serialize(job));
        var page = await browser.SignedInPageAsync(stack);

        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        var poisoned = page.Locator("table[aria-labelledby='h-poisoned'] tbody tr", new() { HasText = job.JobId });
        await Expect(poisoned).ToContainTextAsync(Reason, Patient);
        await BrowserFixture.ScreenshotAsync(page, "jobs");
        await BrowserFixture.AssertAccessibleAsync(page);
        await poisoned.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync($"Job {job.JobId} (web) moved back to the sync queue");
        Assert.Equal(JobState.Succeeded, (await stack.WaitForJobAsync(job.JobId)).State);
        await Expect(page.Locator("table[aria-labelledby='h-succeeded']")).ToContainTextAsync(job.JobId[..12], Patient);
        await Expect(page.Locator("#live")).Not.ToContainTextAsync(Reason);
    }

    [Fact]
    public async Task SignInPage_IsAccessible()
    {
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(stack.Dashboard + "/login");

        await BrowserFixture.ScreenshotAsync(page, "sign-in");
        await BrowserFixture.AssertAccessibleAsync(page);
        await context.CloseAsync();
    }

    private static ILocator AppRow(IPage page, string app) =>
        page.Locator("table.apps tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = app, Exact = true }) });

    private async Task<string> Kubectl(params string[] args)
    {
        var result = await stack.Sim.KubectlAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {result.StandardError}");
        return result.StandardOutput;
    }

    [GeneratedRegex(@"\(job ([0-9a-f]{32})\)")]
    private static partial Regex JobId();
}
