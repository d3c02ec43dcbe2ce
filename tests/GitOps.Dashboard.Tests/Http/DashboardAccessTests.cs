using System.Net;
using System.Text.RegularExpressions;
using GitOps.Dashboard.Http;
using GitOps.Dashboard.Tests.Support;

namespace GitOps.Dashboard.Tests.Http;

/// <summary>Who may see the dashboard and post its actions, over plain HTTP against `gitops serve`.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardAccessTests(DashboardStack stack)
{
    [Theory]
    [InlineData("")]
    [InlineData("/jobs")]
    [InlineData("/apps/web")]
    public async Task Page_WithoutAuthorization_Is401WithSignIn(string page)
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(stack.Dashboard + page));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign in", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithWrongBearerToken_Is401()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");

        using var response = await http.GetAsync(stack.Dashboard);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Page_WithBearerToken_IsServedUnderStrictContentSecurityPolicy()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", DashboardStack.Token);

        using var response = await http.GetAsync(new Uri(stack.Dashboard + "/jobs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DashboardFunction.ContentSecurityPolicy, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("<h1>Jobs</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_WithoutAuthorization_Is401()
    {
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(stack.Dashboard + "/actions/sync"), new FormUrlEncodedContent([new("app", "web")]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Action_WithoutAntiforgeryToken_IsRefused()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", DashboardStack.Token);

        using var response = await http.PostAsync(new Uri(stack.Dashboard + "/actions/sync"), new FormUrlEncodedContent([new("app", "web")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("anti-forgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_WithTokenFromAnotherSession_IsRefused()
    {
        // A token scraped from one browser's form is useless without that browser's anti-forgery cookie.
        using var victim = new HttpClient();
        victim.DefaultRequestHeaders.Authorization = new("Bearer", DashboardStack.Token);
        var page = await victim.GetStringAsync(new Uri(stack.Dashboard + "/login"));
        var token = Token().Match(page);
        Assert.True(token.Success, "the page carries no anti-forgery field");
        using var attacker = new HttpClient(new HttpClientHandler { UseCookies = false });
        attacker.DefaultRequestHeaders.Authorization = new("Bearer", DashboardStack.Token);

        using var response = await attacker.PostAsync(new Uri(stack.Dashboard + "/actions/retry"),
            new FormUrlEncodedContent([new("job", "nothing"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithToken_SetsSessionCookieThatOpensPages()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        var login = await http.GetStringAsync(new Uri(stack.Dashboard + "/login"));
        var token = WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value);

        using var signIn = await http.PostAsync(new Uri(stack.Dashboard + "/login"),
            new FormUrlEncodedContent([new("token", DashboardStack.Token), new("__RequestVerificationToken", token)]));
        using var page = await http.GetAsync(new Uri(stack.Dashboard + "/jobs"));

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAuthorization.CookieName + "=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
