using System.Text.RegularExpressions;
using GitOps.Cli;
using GitOps.Dashboard.Tests.Support;
using GitOps.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitOps.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard of `gitops demo` as a new user opens it after the demo's steps: the README's screenshots
/// (docs/dashboard-overview.png, docs/dashboard-app.png) are the artefacts this test writes.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DemoDashboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task Demo_OverviewAndAppPage_ShowWhatTheDemoDid()
    {
        var work = Path.Combine(Path.GetTempPath(), "gitops-demo-ui-" + Guid.NewGuid().ToString("N")[..8]);
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource();
        var demo = Task.Run(() => CommandLine.RunAsync(["demo", "--work-dir", work, "--azurite", ToolPaths.Azurite], synchronized, synchronized, stop.Token));
        try
        {
            await Eventually.TrueAsync(
                () => demo.IsCompleted ? throw new InvalidOperationException($"the demo exited:\n{output}") : Task.FromResult(output.ToString().Contains("press Ctrl+C to stop everything", StringComparison.Ordinal)),
                "the demo's steps", TimeSpan.FromMinutes(8));
            var line = DashboardLine().Match(output.ToString());
            Assert.True(line.Success, $"no dashboard line in:\n{output}");

            var page = await browser.SignedInPageAsync(new Uri(line.Groups["url"].Value), line.Groups["token"].Value);
            var row = page.Locator("tbody tr", new() { HasText = "web" });
            await Expect(row).ToContainTextAsync("remove the service");
            await Expect(row).ToContainTextAsync("synced");
            await Expect(row).ToContainTextAsync("healed");
            await BrowserFixture.ScreenshotAsync(page, "demo-overview");

            await row.GetByRole(AriaRole.Link, new() { Name = "web", Exact = true }).ClickAsync();
            var changes = page.Locator("table[aria-labelledby='h-changes']");
            await Expect(changes.Locator("tr", new() { HasText = "Service/demo/web" })).ToContainTextAsync("pruned");
            await Expect(page.Locator("table[aria-labelledby='h-jobs']")).ToContainTextAsync("drift"); // the job history holds the drift heal
            await Expect(page.Locator(".facts")).ToContainTextAsync("healed");
            var configMap = page.Locator("table[aria-labelledby='h-objects'] tr", new() { HasText = "web-config" });
            await Expect(configMap).ToContainTextAsync("in sync"); // the sweep's finding, healed since, is not shown as drift
            await BrowserFixture.ScreenshotAsync(page, "demo-app");
            await BrowserFixture.AssertAccessibleAsync(page);
        }
        finally
        {
            await stop.CancelAsync();
            await demo;
            Directory.Delete(work, recursive: true);
        }
    }

    [GeneratedRegex(@"Dashboard: (?<url>http://\S+) \(sign in with the API token (?<token>[0-9a-f]+)\)")]
    private static partial Regex DashboardLine();
}
