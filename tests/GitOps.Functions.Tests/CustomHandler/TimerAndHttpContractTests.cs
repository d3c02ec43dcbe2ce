using System.Net;
using System.Text;
using GitOps.Functions.Tests.Support;

namespace GitOps.Functions.Tests.CustomHandler;

/// <summary>Readiness, POST /drift with the documented TimerInfo payload, and forwarded HTTP routes (PLATFORM.md §A).</summary>
public sealed class TimerAndHttpContractTests
{
    private static string TimerPayload(string isPastDue) =>
        "{\"Data\":{\"timer\":{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2016-10-04T10:15:00+00:00\"," +
        "\"Next\":\"2016-10-04T10:20:00+00:00\",\"LastUpdated\":\"2016-10-04T10:16:00+00:00\"},\"IsPastDue\":" + isPastDue + "}}," +
        "\"Metadata\":{\"sys\":{\"MethodName\":\"drift\",\"UtcNow\":\"2016-10-04T10:20:00Z\",\"RandGuid\":\"x\"}}}";

    [Fact]
    public async Task Readiness_GetRoot_AnswersSuccess()
    {
        await using var host = await CustomHandlerHost.StartAsync();

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task Drift_DocumentedTimerPayload_PassesIsPastDueAndReturnsShape(string flag, bool expected)
    {
        await using var host = await CustomHandlerHost.StartAsync();

        using var content = new StringContent(TimerPayload(flag), Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/drift", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"Outputs\":{},\"Logs\":[\"Drift sweep finished.\"],\"ReturnValue\":null}", body);
        Assert.Equal([expected], host.Sweeper.Calls);
    }

    [Fact]
    public async Task Drift_SweeperThrows_Returns500WithReason()
    {
        await using var host = await CustomHandlerHost.StartAsync();
        host.Sweeper.FailWith = new InvalidOperationException("table GitOpsApps unavailable");

        using var content = new StringContent(TimerPayload("false"), Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/drift", content);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("table GitOpsApps unavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHttp_HealthRoute_Answers200Ok()
    {
        await using var host = await CustomHandlerHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForwardedHttp_PostWithRawBody_ReachesFunctionByteForByte()
    {
        await using var host = await CustomHandlerHost.StartAsync();
        byte[] raw = [.. "{\"ref\":\"refs/heads/main\",\r\n  \"x\": \"\u00e9\"}"u8, 0xFF, 0x00, 0x0A];

        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/echo/github?code=abc") { Content = content };
        request.Headers.Add("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(raw, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("github", response.Headers.GetValues("X-Provider").Single());
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", response.Headers.GetValues("X-Signature-Seen").Single());
    }

    [Fact]
    public async Task ForwardedHttp_WrongMethod_IsNotServed()
    {
        await using var host = await CustomHandlerHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/echo/github");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
