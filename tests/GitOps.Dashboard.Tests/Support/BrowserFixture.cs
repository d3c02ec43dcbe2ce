using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace GitOps.Dashboard.Tests.Support;

/// <summary>
/// Headless Chromium driven by Playwright: Debian's chromium package (scripts/install-tools.sh installs it), never a
/// browser download. GITOPS_CHROMIUM overrides the executable's path.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots go: artifacts/dashboard-screenshots at the repository root (or beside the tests).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot() ?? AppContext.BaseDirectory, "artifacts", "dashboard-screenshots");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("GITOPS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not installed at {executable}: run scripts/install-tools.sh (it installs Debian's chromium package)");
        }

        // A shared 2-core machine: a POST that sweeps, then a page that renders and reads the cluster, may take seconds.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A new browser context (its own cookies), signed in to the dashboard through its sign-in form.</summary>
    public Task<IPage> SignedInPageAsync(DashboardStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return SignedInPageAsync(stack.Dashboard, DashboardStack.Token);
    }

    /// <summary>A new browser context signed in to the dashboard at <paramref name="dashboard"/> with <paramref name="token"/>.</summary>
    public async Task<IPage> SignedInPageAsync(Uri dashboard, string token)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, Locale = "en-GB", TimezoneId = "UTC" });
        var page = await context.NewPageAsync();
        var first = await page.GotoAsync(dashboard.ToString());
        Assert.Equal(401, first!.Status);
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Apps", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Writes a full-page screenshot as a test artefact.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, naming each.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var results = await page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(bad.Count == 0, $"axe found on {page.Url}:\n" + string.Join("\n", bad));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
