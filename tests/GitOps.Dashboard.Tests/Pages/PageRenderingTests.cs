using GitOps.Dashboard.Pages;
using GitOps.Dashboard.Rendering;
using GitOps.Dashboard.Views;
using GitOps.Engine.Configuration;
using GitOps.Functions.Status;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Dashboard.Tests.Pages;

/// <summary>What the pages render from a model, without a server: disabled actions with their note, escaping, filters.</summary>
public sealed class PageRenderingTests
{
    private static readonly PageContext Allowed = new("/api/ui", null, "__RequestVerificationToken", "token-value", null, null, DateTimeOffset.UtcNow, 5);

    [Fact]
    public async Task AppPage_WhenActionsAreOff_ShowsThemDisabledWithTheNote()
    {
        var html = await RenderAsync<AppPage>(Allowed with { ActionsNote = "Actions are turned off for this dashboard." }, new AppModel { Row = Row("web") });

        Assert.Matches("<button type=\"submit\" id=\"sync-now\" disabled[^>]*aria-describedby=\"sync-now-note\"", html);
        Assert.Matches("<button type=\"submit\" id=\"sweep-now\" disabled", html);
        Assert.Contains("<span class=\"note\" id=\"sync-now-note\">Actions are turned off for this dashboard.</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppPage_WhenActionsAreAllowed_PostsWithTheAntiforgeryField()
    {
        var html = await RenderAsync<AppPage>(Allowed with { FunctionKey = "k&y" }, new AppModel { Row = Row("web") });

        Assert.Contains("<form class=\"action\" method=\"post\" action=\"/api/ui/actions/sync?code=k%26y\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\" value=\"token-value\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("id=\"sync-now\" disabled", html);
    }

    [Fact]
    public async Task JobsPage_PoisonedMessageWithoutJob_OffersNoRetry()
    {
        var overview = new JobsOverview
        {
            QueuedApproximate = 0, Queued = [], Running = [], Succeeded = [], Failed = [],
            Poisoned = [new PoisonedJobView("m1", null, null, "not a valid sync job", DateTimeOffset.UtcNow, 1)],
        };

        var html = await RenderAsync<JobsPage>(Allowed, new JobsModel(overview));

        Assert.Matches("id=\"retry-m1\" disabled", html);
        Assert.Contains("not a valid job: nothing to re-drive", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_EscapesNamesAndMessages()
    {
        var model = DashboardReader.BuildOverview(
            [new AppStatusView { App = "<script>alert(1)</script>", Source = "platform", Commit = new string('a', 40), SyncResult = "Succeeded", Health = "Healthy" }],
            new Dictionary<(string, string), CommitFacts.Facts> { [("platform", new string('a', 40))] = new("<img src=x onerror=alert(2)>", new Dictionary<string, string?>()) },
            new OverviewFilter(null, null, null, null, null), new GitOpsOptions());

        var html = await RenderAsync<OverviewLive>(Allowed, model);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("failed", "api")]
    [InlineData("drifted", "web")]
    [InlineData("", "api,web")]
    public void OverviewFilter_State_SelectsByState(string state, string expected)
    {
        var model = DashboardReader.BuildOverview(
            [
                new AppStatusView { App = "api", Source = "platform", SyncResult = "Failed", Health = "Degraded", DriftState = "InSync" },
                new AppStatusView { App = "web", Source = "platform", SyncResult = "Succeeded", Health = "Healthy", DriftState = "Drifted" },
            ],
            new Dictionary<(string, string), CommitFacts.Facts>(), new OverviewFilter(null, null, null, state, null), new GitOpsOptions());

        Assert.Equal(expected, string.Join(',', model.Rows.Select(r => r.App)));
    }

    private static AppRow Row(string app) => new()
    {
        App = app, Source = "platform", Sync = State.OfSync("Succeeded"), Health = State.OfHealth("Healthy"), Drift = State.OfDrift("InSync"),
    };

    private static async Task<string> RenderAsync<T>(PageContext context, object model)
        where T : IComponent
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        return await new PageRenderer(services, NullLoggerFactory.Instance).RenderAsync<T>(new Dictionary<string, object?> { ["Ctx"] = context, ["Model"] = model });
    }
}
